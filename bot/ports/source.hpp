// SPDX-License-Identifier: Apache-2.0
// Sources turn platform events into mentions and hand them to the core's MentionSink.
#pragma once

#include "bot/core/item.hpp"
#include "bot/util/result.hpp"

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

struct AdapterHealth {
    bool ready = true;
    std::string reason; // why not ready, for /readyz
};

class Source {
public:
    virtual ~Source() = default;
    virtual std::string const& name() const = 0;
    virtual void start() = 0;
    virtual void stop() = 0;
    virtual AdapterHealth health() const = 0;
};

} // namespace sb
