#include "ipfix/collector_session.h"

#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <thread>

#include "ipfix/records.h"
#include "ipfix/templates.h"

namespace netmon::ipfix {

namespace {

using Clock = std::chrono::steady_clock;
constexpr std::chrono::seconds kMaxBackoff{30};
constexpr int kConnectTimeoutMs = 1000;
constexpr uint64_t kPaceMessages = 16;

void warn(const std::string &line) { std::fprintf(stderr, "netmon-xdp: %s\n", line.c_str()); }

// Connects a socket to the first address that takes it; -1 on failure,
// with `problem` saying why.
int open_socket(const CollectorAddress &a, std::string &problem)
{
    const ResolvedCollector resolved = resolve_collector(a);
    if (!resolved.addresses) {
        problem = resolved.error;
        return -1;
    }
    int err = EHOSTUNREACH;
    int fd = -1;
    for (addrinfo *ai = resolved.addresses.get(); ai; ai = ai->ai_next) {
        fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
        if (fd < 0) {
            err = errno;
            continue;
        }
        if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0)
            break;
        err = errno;
        if (err == EINPROGRESS) {
            // TCP: wait a bounded time, counting must not wait on us long.
            pollfd p{fd, POLLOUT, 0};
            socklen_t len = sizeof err;
            if (poll(&p, 1, kConnectTimeoutMs) == 1 &&
                getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) == 0 && err == 0)
                break;
            if (err == EINPROGRESS)
                err = ETIMEDOUT;
        }
        close(fd);
        fd = -1;
    }
    if (fd < 0) {
        problem = std::string("connect: ") + std::strerror(err);
        return -1;
    }
    // Sends block, boundedly: a stalled TCP collector costs at most this.
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    timeval tv{2, 0};
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    return fd;
}

} // namespace

CollectorSession::CollectorSession(CollectorAddress address, uint32_t domain,
                                   std::chrono::milliseconds refresh)
    : address_(std::move(address)), domain_(domain), refresh_(refresh),
      builder_(domain, kMaxMessageLength), template_sets_(encode_template_sets()),
      stats_builder_(kExporterDomain, kMaxMessageLength),
      options_template_set_(encode_options_template_set())
{
}

void CollectorSession::lost(const std::string &what, int err)
{
    lost(what + ": " + std::strerror(err));
}

void CollectorSession::lost(const std::string &problem)
{
    if (!down_) {
        warn("IPFIX to " + address_.text + ": " + problem +
             (address_.tcp ? "; reconnecting with backoff" : "; sending on") +
             " (counting goes on; missed records are counted)");
        down_since_ = Clock::now();
        not_sent_at_down_ = not_sent_;
    }
    down_ = true;
    if (address_.tcp)
        fd_.reset();
    // No socket (TCP lost it, or a UDP collector's name did not resolve):
    // the next try waits, 1 s doubling to 30 s, so that neither a dead
    // collector nor a dead resolver is asked again at every message.
    if (!fd_) {
        retry_at_ = Clock::now() + backoff_;
        backoff_ = std::min(backoff_ * 2, kMaxBackoff);
    }
    templates_due_ = true; // a collector coming back needs them first
}

bool CollectorSession::connect_socket()
{
    std::string problem;
    open_attempts_++;
    int fd = open_socket(address_, problem);
    if (fd < 0) {
        lost(problem);
        return false;
    }
    fd_.reset(fd);
    sequence_ = 0; // a new transport session counts from zero
    templates_due_ = true;
    stats_sequence_ = 0;
    stats_template_sent_ = false;
    stats_at_ = Clock::now();
    if (down_) { // a TCP collector back, or a UDP one's name resolved at last
        // The gap, so the collector's operator knows what its data lacks.
        const double gap = std::chrono::duration<double>(Clock::now() - down_since_).count();
        char line[160];
        std::snprintf(line, sizeof line,
                      ": connected again after %.1f s; %llu flow records missed meanwhile", gap,
                      static_cast<unsigned long long>(not_sent_ - not_sent_at_down_));
        warn("IPFIX to " + address_.text + line);
        down_ = false;
    }
    backoff_ = std::chrono::seconds(1);
    return true;
}

bool CollectorSession::ready()
{
    if (fd_)
        return true;
    if (down_ && Clock::now() < retry_at_)
        return false;
    return connect_socket();
}

bool CollectorSession::transmit(const std::vector<uint8_t> &msg)
{
    for (int attempt = 0; attempt < 2; attempt++) {
        ssize_t n = ::send(fd_.get(), msg.data(), msg.size(), MSG_NOSIGNAL);
        if (n == static_cast<ssize_t>(msg.size()))
            return true;
        int err = n < 0 ? errno : EPIPE; // a short TCP send breaks the stream
        // UDP: an ICMP unreachable from an earlier datagram surfaces here,
        // and this one was not sent: try it once more.
        if (!address_.tcp && err == ECONNREFUSED && attempt == 0) {
            lost("collector unreachable", err);
            continue;
        }
        lost("send", err);
        return false;
    }
    return false;
}

void CollectorSession::begin_message()
{
    builder_.start(static_cast<uint32_t>(std::time(nullptr)), sequence_);
    stats_in_message_ = 0;
    const auto now = Clock::now();
    if (!address_.tcp &&
        (messages_since_templates_ >= kTemplateRefreshMessages || now - templates_at_ >= refresh_))
        templates_due_ = true;
    if (templates_due_ && builder_.add_sets(template_sets_)) {
        templates_due_ = false;
        templates_at_ = now;
        messages_since_templates_ = 0;
    }
}

void CollectorSession::flush()
{
    if (!builder_.has_sets())
        return;
    const size_t records = builder_.data_records();
    const std::vector<uint8_t> &msg = builder_.finish();
    if (fd_ && transmit(msg)) {
        sequence_ += static_cast<uint32_t>(records); // options records too (RFC 7011)
        messages_++;
        messages_since_templates_++;
        // UDP has no flow control: a burst (a replay, thousands of flows
        // ending at once) would overflow the collector's socket buffer.
        // Pacing caps a collector's load at ~16 messages per ms.
        if (!address_.tcp && messages_ % kPaceMessages == 0)
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        flow_records_ += records - stats_in_message_;
    } else {
        not_sent_ += records - stats_in_message_;
    }
}

std::vector<uint8_t> CollectorSession::stats_record() const
{
    ExporterStats s{domain_, messages_, flow_records_, ignored_packets_, ignored_bytes_, not_sent_};
    std::vector<uint8_t> bytes;
    encode_record(s, bytes);
    return bytes;
}

void CollectorSession::add_stats_record()
{
    const std::vector<uint8_t> bytes = stats_record();
    if (!builder_.add_record(kTemplateExporterStats, bytes.data(), bytes.size())) {
        flush();
        begin_message();
        builder_.add_record(kTemplateExporterStats, bytes.data(), bytes.size());
    }
    stats_in_message_++;
}

void CollectorSession::send(const EncodedBatch &batch, bool final)
{
    ignored_packets_ = batch.ignored_packets;
    ignored_bytes_ = batch.ignored_bytes;
    if (!ready()) {
        not_sent_ += batch.records.size();
        return;
    }
    begin_message();
    for (const EncodedBatch::Record &r : batch.records) {
        const uint8_t *data = batch.bytes.data() + r.offset;
        if (builder_.add_record(r.template_id, data, r.length))
            continue;
        flush();
        if (!fd_) { // TCP lost mid-batch: the rest waits for no one
            not_sent_ += batch.records.size() - (&r - batch.records.data());
            return;
        }
        begin_message();
        builder_.add_record(r.template_id, data, r.length);
    }
    // Only at the end: nfdump leaves options records out of its sequence
    // count and Wireshark (like RFC 7011) counts them, so any message after
    // one makes one of the two report a loss that never happened.
    if (final)
        add_stats_record();
    flush();
    if (!final)
        send_periodic_stats();
}

// The exporter's counts during the run (RFC 7011 section 4: "on a regular
// basis"), in a message of their own in kExporterDomain:
// with its own sequence numbers the flows' domain stays a count of flow
// records alone, as nfdump counts it, while Wireshark counts every record
// per domain -- both agree. When the flows themselves are in domain 0 the
// two would share one sequence: then the counts go at exit only.
void CollectorSession::send_periodic_stats()
{
    const auto now = Clock::now();
    if (domain_ == kExporterDomain || !fd_ || now - stats_at_ < refresh_)
        return;
    stats_at_ = now;
    stats_builder_.start(static_cast<uint32_t>(std::time(nullptr)), stats_sequence_);
    // Over UDP with every message (a refresh); over TCP once per connection.
    const bool with_template = !address_.tcp || !stats_template_sent_;
    if (with_template)
        stats_builder_.add_sets(options_template_set_);
    const std::vector<uint8_t> bytes = stats_record();
    stats_builder_.add_record(kTemplateExporterStats, bytes.data(), bytes.size());
    if (transmit(stats_builder_.finish())) {
        stats_sequence_++;
        stats_template_sent_ |= with_template;
        messages_++;
    }
}

} // namespace netmon::ipfix
