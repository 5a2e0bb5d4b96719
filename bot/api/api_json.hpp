// SPDX-License-Identifier: Apache-2.0
// The REST API's JSON shapes (docs/api.md): rota spans, gaps, entries, items, pages, reports.
// The only place that decides how a domain value looks on the wire.
#pragma once

#include "bot/core/context.hpp"
#include "bot/core/reports.hpp"
#include "bot/store/rota_repository.hpp"
#include "config/config.hpp"
#include "schedules/resolver.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace sb {

// ISO 8601 with the zone's offset ("2026-11-28T09:00:00+01:00"; "Z" for UTC).
nlohmann::json time_json(Instant at, std::string_view zone);
nlohmann::json time_json(std::optional<Instant> at, std::string_view zone);

// The zone an entry's times are given in: its team's, else the person's, else UTC.
std::string entry_zone(CoreContext const& context, RotaEntry const& entry);

nlohmann::json team_json(config::Team const& team);
nlohmann::json person_json(config::Person const& person);
nlohmann::json span_json(CoreContext const& context, schedules::Assignment const& span,
                         std::string_view zone);
nlohmann::json gap_json(schedules::Gap const& gap, std::string_view zone);
// An absence, override or swap, by its kind.
nlohmann::json entry_json(CoreContext const& context, RotaEntry const& entry);
// "absence-7-v2", quoted as an ETag header wants it.
std::string entry_etag(RotaEntry const& entry);

nlohmann::json item_json(CoreContext const& context, Item const& item);
nlohmann::json event_json(CoreContext const& context, TimelineEvent const& event,
                          std::string_view zone);
nlohmann::json page_json(CoreContext const& context, PageRecord const& page, std::string_view zone);
nlohmann::json audit_json(CoreContext const& context, AuditRecord const& record);
nlohmann::json report_json(CoreContext const& context, Report const& report);

} // namespace sb
