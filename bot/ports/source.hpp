// SPDX-License-Identifier: Apache-2.0
// Sources turn platform events into mentions and hand them to the core's MentionSink.
#pragma once

#include "base/result.hpp"
#include "base/time.hpp"
#include "bot/core/item_id.hpp"
#include "bot/core/mention.hpp"
#include "bot/ports/health.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace sb {

struct IngestOutcome {
    ItemId item_id = 0;
    bool created = false; // false: a duplicate (or an edit) of an item already stored
};

class MentionSink {
public:
    virtual ~MentionSink() = default;
    // Returns once the mention is durably stored (or known to be a duplicate).
    virtual Result<IngestOutcome> ingest(Mention const& mention) = 0;
};

// What /readyz and /metrics show of a source.
struct SourceStatus {
    std::string state = "starting"; // starting, ok, backing_off, failed
    std::optional<Instant> last_success;
    std::optional<Instant> newest_mention_at; // its time at the platform
    // How long the newest mention took from the platform to switchboard: a poll interval
    // that is too long, or a stream that silently stalled, shows here.
    std::optional<Seconds> lag;
    std::int64_t errors = 0;   // failed polls or deliveries since start
    std::int64_t mentions = 0; // handed to the core since start, duplicates included
    std::string last_error;    // for people: what went wrong last, never a secret
    std::optional<Instant> next_attempt_at;
};

class Source {
public:
    virtual ~Source() = default;
    virtual std::string const& name() const = 0;
    virtual void start() = 0;
    virtual void stop() = 0;
    virtual AdapterHealth health() const = 0;
    virtual SourceStatus status() const = 0;
};

} // namespace sb
