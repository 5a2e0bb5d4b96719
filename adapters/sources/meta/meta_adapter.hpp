// SPDX-License-Identifier: Apache-2.0
// The Meta webhook source: verifies and stores Meta's deliveries, then turns them into mentions.
#pragma once

#include "adapters/sources/common/source_deps.hpp"
#include "adapters/sources/common/source_status.hpp"
#include "adapters/sources/meta/meta_wire.hpp"
#include "bot/ports/http.hpp"
#include "bot/ports/source_inbox.hpp"
#include "bot/ports/timer_service.hpp"

#include <cstddef>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace sb {

struct MetaSettings {
    std::string id;           // the source id; routes are GET and POST /hooks/<id>
    std::string app_secret;   // keys X-Hub-Signature-256
    std::string verify_token; // what Meta's subscription handshake must present
    std::string access_token; // Page or Instagram token; empty: Instagram @mentions cannot be read
    std::string graph_url;    // e.g. https://graph.facebook.com/v26.0, without a trailing slash
    std::string account;      // empty: the page or Instagram account id of each entry
    std::size_t max_body_bytes = 1024 * 1024;
};

// GET /hooks/<id> answers Meta's subscription handshake. POST /hooks/<id> checks the signature of
// the raw body, stores the body in the inbox and answers 200 at once; the inbox is processed on
// the core thread afterwards, and a delivery that fails (a Graph API call, a busy store) is
// retried with back-off, across restarts too. Meta redelivers until it gets a 200, which only
// ever makes duplicates, and the sink ignores those.
class MetaSource final : public Source {
public:
    // Registers the routes; deps must outlive the source.
    MetaSource(MetaSettings settings, SourceDeps& deps);
    ~MetaSource() override;
    MetaSource(MetaSource const&) = delete;
    MetaSource& operator=(MetaSource const&) = delete;

    std::string const& name() const override { return m_settings.id; }
    void start() override;
    void stop() override;
    AdapterHealth health() const override { return m_status.health(); }
    SourceStatus status() const override { return m_status.status(); }

    // The delay before the nth retry of a delivery, without jitter; exposed for tests.
    static Seconds backoff(int attempts);

private:
    HttpResponse verify(HttpRequest const& request) const;
    HttpResponse receive(HttpRequest const& request);
    void drain_at(Instant at);
    void drain();
    void process(InboxEntry const& entry);
    void lookup_next(std::int64_t entry_id,
                     std::shared_ptr<std::vector<InstagramMentionLookup>> rest, int attempts);
    void entry_done(std::int64_t entry_id, bool succeeded);
    void entry_failed(std::int64_t entry_id, int attempts, std::string const& error,
                      bool for_good = false);
    bool ingest(Mention const& mention, std::string& error);

    MetaSettings m_settings;
    MetaWireOptions m_wire;
    SourceDeps& m_deps;
    SourceInbox& m_inbox;
    SourceStatusTracker m_status;
    std::optional<TimerId> m_timer;
    std::optional<Instant> m_timer_at;
    std::multiset<Instant> m_retries; // retry times this process set, for the next drain
    bool m_running = false;
    bool m_busy = false; // one inbox entry at a time, so entries keep their order
    // Whether this object is still alive when a route or an HTTP completion calls back.
    std::shared_ptr<bool> m_alive = std::make_shared<bool>(true);
};

} // namespace sb
