// SPDX-License-Identifier: Apache-2.0
// Routing rules: which team an item belongs to and how urgent it is.
#pragma once

#include "base/language.hpp"
#include "base/result.hpp"
#include "base/text_match.hpp"
#include "bot/core/item.hpp"
#include "config/config.hpp"

#include <optional>
#include <string>
#include <vector>

namespace sb {

// Why a rule raised the priority. The words stay apart from the field so that the timeline can
// say it in the language of the team the item lands in, which routing decides only at its end.
struct RouteReason {
    std::string words; // English with at most the one field {0}: "keyword '{0}'", "a review"
    std::string field; // as written in the config or the mention, never translated

    std::string text(Language language) const;
    bool operator==(RouteReason const&) const = default;
};

struct RouteDecision {
    std::string team;
    Priority priority = Priority::normal;
    std::vector<RouteReason> reasons; // for the timeline
    std::string topic;                // of the first matching rule that names one
};

class Router {
public:
    // Compiles the rules once (RE2 patterns, folded keywords); a regex that does not compile is a
    // config error caught earlier, so here it is an error with the rule's path.
    static Result<Router> create(std::vector<config::RoutingRule> const& rules,
                                 std::string default_team);

    RouteDecision route(Mention const& mention) const;

private:
    struct CompiledRule {
        config::RoutingRule rule;
        std::optional<Pattern> regex;
        std::vector<std::string> folded_keywords; // same order as rule.match.keywords
    };
    std::vector<CompiledRule> m_rules;
    std::string m_default_team;
};

} // namespace sb
