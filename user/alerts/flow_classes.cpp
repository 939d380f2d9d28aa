#include "alerts/flow_classes.h"

namespace netmon::alerts {

namespace {

using Op = Selector::Op;

constexpr ClassMask bit(FlowClass c) { return static_cast<ClassMask>(1u << c); }
constexpr ClassMask kTcp = bit(kClassTcpSyn) | bit(kClassTcpOther);
constexpr ClassMask kWithPorts = kTcp | bit(kClassUdp) | bit(kClassSctp);
constexpr ClassMask kIp = kWithPorts | bit(kClassIcmp) | bit(kClassOtherIp);
// The flows a local socket can own (docs/process.md): TCP and UDP.
constexpr ClassMask kSockets = kTcp | bit(kClassUdp);
constexpr uint16_t kEtherTypeArp = 0x0806;

ClassMask proto_classes(uint8_t proto)
{
    switch (proto) {
    case 6:
        return kTcp;
    case 17:
        return bit(kClassUdp);
    case 1:
    case 58:
        return bit(kClassIcmp);
    case 132:
        return bit(kClassSctp);
    default:
        return bit(kClassOtherIp);
    }
}

ClassMask selector_classes(const Selector *s)
{
    if (!s)
        return kAllClasses;
    switch (s->op) {
    case Op::And:
        return selector_classes(s->left.get()) & selector_classes(s->right.get());
    case Op::Or:
        return selector_classes(s->left.get()) | selector_classes(s->right.get());
    case Op::Not:
        return kAllClasses; // `not syn` picks the other part of SYN flows too
    case Op::Proto:
        return proto_classes(s->proto);
    case Op::Port:
        return kWithPorts;
    case Op::Syn:
        return bit(kClassTcpSyn);
    case Op::TcpFlag:
        return kTcp;
    case Op::Arp:
        return bit(kClassArp);
    case Op::Process:
        return kSockets;
    case Op::Family:
    case Op::Host:
    case Op::Net:
    case Op::Inbound:
    case Op::Outbound:
    case Op::Internal:
    case Op::New:
        break;
    }
    return kIp;
}

} // namespace

FlowClass flow_class(const netmon_flow_key &key, const netmon_flow_stats &delta)
{
    if (key.kind != NETMON_KIND_IPV4 && key.kind != NETMON_KIND_IPV6)
        return key.ethertype == kEtherTypeArp ? kClassArp : kClassOtherL2;
    switch (key.proto) {
    case 6:
        return delta.syn_packets > 0 ? kClassTcpSyn : kClassTcpOther;
    case 17:
        return kClassUdp;
    case 1:
    case 58:
        return kClassIcmp;
    case 132:
        return kClassSctp;
    default:
        return kClassOtherIp;
    }
}

ClassMask rule_classes(const Rule &rule)
{
    ClassMask m = selector_classes(rule.selector.get());
    switch (rule.key) {
    case AlertKey::Kind::None:
        break;
    case AlertKey::Kind::DstPort:
        m &= kWithPorts;
        break;
    case AlertKey::Kind::Process:
        m &= kSockets;
        break;
    case AlertKey::Kind::SrcHost:
    case AlertKey::Kind::DstHost:
    case AlertKey::Kind::SrcNet:
    case AlertKey::Kind::DstNet:
        m &= kIp;
        break;
    }
    return m;
}

FlowIndex FlowIndex::build(const FlowDetail &detail)
{
    FlowIndex index;
    const auto &updates = detail.updates;
    for (uint32_t i = 0; i < updates.size(); i++)
        index.by_class[flow_class(updates[i].key, updates[i].delta)].push_back(i);
    return index;
}

} // namespace netmon::alerts
