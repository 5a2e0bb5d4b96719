// SPDX-License-Identifier: Apache-2.0
// The rota's answers as text, JSON and iCalendar: who is on call, the rota, its gaps, holidays.
#pragma once

#include "base/language.hpp"
#include "base/result.hpp"
#include "schedules/model.hpp"
#include "schedules/resolver.hpp"

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>

namespace sb::schedules {

// What the renderers answer from: the effective inputs of every team (config plus the entries
// added at run time), built by the caller. The renderers read no clock and no files; every
// instant they reason about is a parameter.
struct RotaView {
    // Every team by id, in id order. A null entry is a team without a rota, which the caller
    // should not allow; rendering it is an internal error.
    std::map<std::string, RotaInputs const*> teams;
    std::set<std::string> people; // the known person ids
};

// JSON is what scripts rely on; text is a table for a terminal or a chat reply, with every
// control character of a name shown as an escape ("\x1b", "\n").
enum class RenderFormat { text, json };
enum class RotaStats { omit, include };

// How a text table speaks to a team: its headings and the words around names in `language`, and
// a gap's reason as the caller explains it from its cause (names shown as the caller wants); the
// resolver's English reason when `why` is unset. JSON and the CLI stay English.
struct TableWords {
    Language language = Language::en;
    std::function<std::string(GapWhy const& cause, std::string const& english)> why = {};
};

// Errors are values: invalid_argument for an unknown team or person or an empty range,
// internal for a team without a rota.
Result<std::string> render_who(RotaView const& view, std::optional<std::string> const& team,
                               Instant at, RenderFormat format);
// With stats, JSON becomes {"rota": [...], "stats": [...]}; without, the plain array.
Result<std::string> render_rota(RotaView const& view, std::string const& team, Instant from,
                                Instant to, RenderFormat format, RotaStats stats,
                                TableWords const& words = {});
Result<std::string> render_gaps(RotaView const& view, std::optional<std::string> const& team,
                                Instant from, Instant to, RenderFormat format,
                                TableWords const& words = {});
// An RFC 5545 calendar of the shifts of one person (across teams) or one team, or of every
// team when neither is given.
Result<std::string> render_ical(RotaView const& view, std::optional<std::string> const& person,
                                std::optional<std::string> const& team, Instant from, Instant to);
// The public holidays of a region in a year; public_holidays' error for an unknown region or a
// year it does not describe.
Result<std::string> render_holidays(std::string_view region, int year, RenderFormat format);

} // namespace sb::schedules
