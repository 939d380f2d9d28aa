// A collector session against a UDP socket of the test's own: templates
// first, sequence numbers that count data records, messages under the limit.
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <thread>

#include "core/error.h"
#include "core/fd.h"
#include "ipfix/collector_address.h"
#include "ipfix/collector_session.h"
#include "ipfix/ipfix_sink.h"
#include "ipfix/templates.h"

using namespace netmon;
using namespace netmon::ipfix;

namespace {

uint32_t be32(const uint8_t *p) { return uint32_t(p[0]) << 24 | p[1] << 16 | p[2] << 8 | p[3]; }
uint16_t be16(const uint8_t *p) { return uint16_t(p[0] << 8 | p[1]); }

} // namespace

TEST(CollectorAddress, Forms)
{
    auto a = parse_collector_address("127.0.0.1:4739");
    EXPECT_FALSE(a.tcp);
    EXPECT_EQ(a.host, "127.0.0.1");
    EXPECT_EQ(a.port, "4739");
    a = parse_collector_address("tcp://[::1]:9995");
    EXPECT_TRUE(a.tcp);
    EXPECT_EQ(a.host, "::1");
    EXPECT_THROW(parse_collector_address("::1:9995"), Error);
    EXPECT_THROW(parse_collector_address("host"), Error);
    EXPECT_THROW(parse_collector_address("sctp://h:1"), Error);
    EXPECT_THROW(parse_collector_address("h:70000"), Error);
}

// RFC 6761: names under .invalid never resolve, whatever the resolver.
TEST(CollectorAddress, ANameThatDoesNotResolveIsSaidSo)
{
    const ResolvedCollector none =
        resolve_collector(parse_collector_address("no-such.invalid:4739"));
    EXPECT_FALSE(none.addresses);
    EXPECT_EQ(none.error.rfind("cannot resolve host no-such.invalid: ", 0), 0u) << none.error;
    const ResolvedCollector local = resolve_collector(parse_collector_address("tcp://[::1]:4739"));
    ASSERT_TRUE(local.addresses);
    EXPECT_EQ(local.addresses->ai_family, AF_INET6);
    EXPECT_EQ(local.addresses->ai_socktype, SOCK_STREAM);
    EXPECT_TRUE(local.error.empty());
}

// It was reported as "connect: No route to host".
TEST(CollectorSession, ReportsAnUnresolvableCollectorByName)
{
    CollectorSession session(parse_collector_address("no-such.invalid:4739"), 1);
    testing::internal::CaptureStderr();
    session.send(EncodedBatch{}, false);
    const std::string err = testing::internal::GetCapturedStderr();
    EXPECT_NE(err.find("IPFIX to no-such.invalid:4739: cannot resolve host no-such.invalid: "),
              std::string::npos)
        << err;
    EXPECT_EQ(err.find("No route to host"), std::string::npos) << err;
    // The next intervals do not ask the resolver again at once: it waits
    // (1 s, doubling), and what could not go out is counted.
    EncodedBatch batch;
    std::vector<FlowReport> reports(3);
    encode_batch(reports, batch);
    testing::internal::CaptureStderr();
    session.send(batch, false);
    session.send(batch, false);
    EXPECT_EQ(testing::internal::GetCapturedStderr(), "") << "the outage is reported once";
    EXPECT_EQ(session.open_attempts(), 1u);
    EXPECT_EQ(session.not_sent(), 6u);
}

TEST(CollectorSession, TemplatesFirstAndSequenceCountsDataRecords)
{
    Fd rx(socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(bind(rx.get(), reinterpret_cast<sockaddr *>(&sa), sizeof sa), 0);
    socklen_t len = sizeof sa;
    getsockname(rx.get(), reinterpret_cast<sockaddr *>(&sa), &len);
    timeval tv{2, 0};
    setsockopt(rx.get(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);

    CollectorSession session(
        parse_collector_address("127.0.0.1:" + std::to_string(ntohs(sa.sin_port))), 9);
    std::vector<FlowReport> reports(100);
    for (size_t i = 0; i < reports.size(); i++) {
        reports[i].key.kind = NETMON_KIND_IPV4;
        reports[i].key.sport = static_cast<uint16_t>(i);
        reports[i].packets = 1;
    }
    EncodedBatch batch;
    encode_batch(reports, batch);
    session.send(batch, /*final=*/true);

    uint32_t expected_sequence = 0;
    size_t data_records = 0, messages = 0;
    bool saw_options_record = false;
    while (data_records < reports.size() + 1) {
        uint8_t buf[65536];
        ssize_t n = recv(rx.get(), buf, sizeof buf, 0);
        ASSERT_GT(n, 0) << "message " << messages << " missing";
        ASSERT_LE(size_t(n), kMaxMessageLength);
        EXPECT_EQ(be16(buf), 10);
        EXPECT_EQ(be16(buf + 2), n);
        EXPECT_EQ(be32(buf + 8), expected_sequence);
        EXPECT_EQ(be32(buf + 12), 9u);
        for (size_t off = 16; off < size_t(n);) {
            uint16_t set_id = be16(buf + off), set_len = be16(buf + off + 2);
            if (messages == 0 && off == 16) {
                EXPECT_EQ(set_id, 2) << "the first message starts with the templates";
            }
            if (set_id >= 256) {
                size_t rec = template_by_id(set_id).record_length();
                EXPECT_EQ((set_len - 4) % rec, 0u);
                data_records += (set_len - 4) / rec;
                expected_sequence += (set_len - 4) / rec;
                saw_options_record |= set_id == kTemplateExporterStats;
            }
            off += set_len;
        }
        messages++;
    }
    EXPECT_TRUE(saw_options_record);
    EXPECT_EQ(data_records, reports.size() + 1);
    EXPECT_EQ(session.not_sent(), 0u);
}

// Every refresh the exporter's counts go out in a message of their own, in
// domain 0 with its own sequence numbers and the options template first;
// the flows' domain goes on counting only its own records.
TEST(CollectorSession, PeriodicStatisticsInTheExporterDomain)
{
    Fd rx(socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(bind(rx.get(), reinterpret_cast<sockaddr *>(&sa), sizeof sa), 0);
    socklen_t len = sizeof sa;
    getsockname(rx.get(), reinterpret_cast<sockaddr *>(&sa), &len);
    timeval tv{2, 0};
    setsockopt(rx.get(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);

    const auto refresh = std::chrono::milliseconds(50);
    CollectorSession session(
        parse_collector_address("127.0.0.1:" + std::to_string(ntohs(sa.sin_port))), 9, refresh);
    std::vector<FlowReport> reports(3);
    for (size_t i = 0; i < reports.size(); i++) {
        reports[i].key.kind = NETMON_KIND_IPV4;
        reports[i].key.sport = static_cast<uint16_t>(i);
        reports[i].packets = 1;
    }
    EncodedBatch batch;
    encode_batch(reports, batch);
    struct Message {
        uint32_t sequence, domain;
        std::vector<uint16_t> sets;
    };
    auto receive = [&] {
        uint8_t buf[65536];
        ssize_t n = recv(rx.get(), buf, sizeof buf, 0);
        Message m{};
        if (n <= 0)
            return m;
        m.sequence = be32(buf + 8);
        m.domain = be32(buf + 12);
        for (size_t off = 16; off < size_t(n); off += be16(buf + off + 2))
            m.sets.push_back(be16(buf + off));
        return m;
    };

    session.send(batch, false); // templates and 3 flow records; no statistics yet
    Message first = receive();
    EXPECT_EQ(first.domain, 9u);
    EXPECT_EQ(first.sets, (std::vector<uint16_t>{2, 3, kTemplateIPv4}));
    for (uint32_t round = 0; round < 2; round++) {
        std::this_thread::sleep_for(refresh + std::chrono::milliseconds(10));
        session.send(batch, false);
        Message flows = receive();
        EXPECT_EQ(flows.domain, 9u);
        EXPECT_EQ(flows.sequence, 3 * (round + 1)) << "the statistics are not in this count";
        EXPECT_EQ(flows.sets.back(), kTemplateIPv4);
        Message stats = receive();
        EXPECT_EQ(stats.domain, kExporterDomain);
        EXPECT_EQ(stats.sequence, round);
        EXPECT_EQ(stats.sets, (std::vector<uint16_t>{3, kTemplateExporterStats}));
    }
    // At exit the counts end the flows' last message, as before.
    session.send(batch, true);
    Message last = receive();
    EXPECT_EQ(last.domain, 9u);
    EXPECT_EQ(last.sets.back(), kTemplateExporterStats);
}
