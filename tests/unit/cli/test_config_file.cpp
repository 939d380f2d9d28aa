// --config files: keys become the arguments of the options the command
// line did not give; unknown keys and bad flags are one clear error.
#include <gtest/gtest.h>

#include <fstream>
#include <unistd.h>

#include "cli/config_file.h"
#include "core/error.h"

namespace netmon::cli {
namespace {

class ConfigFile : public ::testing::Test {
  protected:
    void SetUp() override
    {
        cmd_ = app_.add_subcommand("attach");
        cmd_->add_option("--interval", interval_);
        cmd_->add_option("--alert", alerts_)->take_all();
        cmd_->add_flag("--json", json_);
        cmd_->add_option("--config", config_);
        path_ = ::testing::TempDir() + "netmon-config-" + std::to_string(getpid()) + ".conf";
    }
    void TearDown() override { std::remove(path_.c_str()); }

    std::vector<std::string> args_for(const std::string &content,
                                      std::vector<std::string> command_line)
    {
        std::ofstream(path_) << content;
        command_line.insert(command_line.begin(), "attach");
        std::reverse(command_line.begin(), command_line.end());
        app_.parse(command_line);
        return config_file_arguments(*cmd_, path_);
    }

    CLI::App app_;
    CLI::App *cmd_ = nullptr;
    double interval_ = 1;
    std::vector<std::string> alerts_;
    bool json_ = false;
    std::string config_;
    std::string path_;
};

TEST_F(ConfigFile, KeysBecomeArgumentsUnlessTheCommandLineGaveThem)
{
    const auto args = args_for("# comment\ninterval = 5\njson = true\n"
                               "alert = [\"syn pps > 1\", \"udp bps > 2\"]\n",
                               {});
    EXPECT_EQ(args, (std::vector<std::string>{"--interval=5", "--json", "--alert=syn pps > 1",
                                              "--alert=udp bps > 2"}));
}

TEST_F(ConfigFile, CommandLineWins)
{
    EXPECT_EQ(args_for("interval = 5\njson = false\n", {"--interval", "2"}),
              std::vector<std::string>{});
}

TEST_F(ConfigFile, SectionOfTheSubcommandCountsOthersDoNot)
{
    EXPECT_EQ(args_for("[replay]\ninterval = 9\n[attach]\ninterval = 4\n", {}),
              std::vector<std::string>{"--interval=4"});
}

TEST_F(ConfigFile, UnknownKeysAndBadFlagsAreUsageErrors)
{
    for (const char *content : {"intervall = 5\n", "json = maybe\n", "config = \"x\"\n"}) {
        try {
            args_for(content, {});
            ADD_FAILURE() << "accepted: " << content;
        } catch (const Error &e) {
            EXPECT_EQ(e.exit_code(), kExitUsage);
            EXPECT_NE(std::string(e.what()).find(path_), std::string::npos) << e.what();
        }
        app_.clear();
    }
}

TEST_F(ConfigFile, AnUnknownSectionIsAUsageErrorNotIgnored)
{
    for (const char *content :
         {"[atach]\ninterval = 4\n", "interval = 4\n[bogus]\njson = true\n"}) {
        try {
            args_for(content, {});
            ADD_FAILURE() << "accepted: " << content;
        } catch (const Error &e) {
            EXPECT_EQ(e.exit_code(), kExitUsage);
            EXPECT_NE(std::string(e.what()).find("is neither [attach] nor [replay]"),
                      std::string::npos)
                << e.what();
        }
        app_.clear();
    }
}

TEST_F(ConfigFile, TheOtherSubcommandsSectionIsCheckedNotUsed)
{
    CLI::App *replay = app_.add_subcommand("replay");
    replay->add_option("--interval", interval_);
    EXPECT_EQ(args_for("[replay]\ninterval = 9\n[attach]\ninterval = 4\n", {}),
              std::vector<std::string>{"--interval=4"});
    app_.clear();
    try {
        args_for("[replay]\nintervall = 9\n", {});
        ADD_FAILURE() << "accepted a misspelt key of [replay]";
    } catch (const Error &e) {
        EXPECT_NE(std::string(e.what()).find("'intervall' is not an option of replay"),
                  std::string::npos)
            << e.what();
    }
}

TEST_F(ConfigFile, AByteOrderMarkIsSkipped)
{
    EXPECT_EQ(args_for("\xEF\xBB\xBFinterval = 5\n", {}), std::vector<std::string>{"--interval=5"});
}

TEST_F(ConfigFile, AKeyIsQuotedWithoutControlBytes)
{
    try {
        args_for("\x1b[2Jtop = 5\n", {});
        ADD_FAILURE() << "accepted a key with an escape";
    } catch (const Error &e) {
        EXPECT_EQ(std::string(e.what()).find('\x1b'), std::string::npos) << e.what();
    }
}

} // namespace
} // namespace netmon::cli
