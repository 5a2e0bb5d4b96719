// SPDX-License-Identifier: Apache-2.0
// Buttons and reactions reach the core typed: hostile values are refused, good ones act, and the
// audit trail names the adapter's type, not its name.
#include "bot/core/inbound_action.hpp"
#include "core_fixture.hpp"

#include <algorithm>

using namespace sb;
using namespace sb::test;
using namespace std::chrono_literals;

namespace {

InboundAction action(std::string verb, std::optional<ItemId> item,
                     std::vector<std::string> args = {}) {
    ChatOrigin origin{"console", "bob", "#care", "", true};
    return InboundAction{std::move(verb), item, std::move(args), origin};
}

bool contains(std::string const& text, std::string const& part) {
    return text.find(part) != std::string::npos;
}

} // namespace

TEST(InboundActionTest, HostileActionsAreRefusedWithAReason) {
    auto unknown = command_from_action(action("explode", 1));
    ASSERT_FALSE(unknown);
    EXPECT_TRUE(contains(unknown.error().message, "'explode'")) << unknown.error().message;
    auto oversized = command_from_action(action("snooze", 1, {std::string(5000, '9')}));
    ASSERT_FALSE(oversized);
    EXPECT_TRUE(contains(oversized.error().message, "5000 bytes")) << oversized.error().message;
    auto broken = command_from_action(action("snooze", 1, {"1h\xff\xfe"}));
    ASSERT_FALSE(broken);
    EXPECT_TRUE(contains(broken.error().message, "not UTF-8")) << broken.error().message;
    auto broken_verb = command_from_action(action("cl\xc3\x28im", 1));
    ASSERT_FALSE(broken_verb);
    EXPECT_TRUE(contains(broken_verb.error().message, "not UTF-8"));
    auto no_span = command_from_action(action("snooze", 1, {"soon"}));
    ASSERT_FALSE(no_span);
    EXPECT_TRUE(contains(no_span.error().message, "no duration")) << no_span.error().message;
}

TEST(InboundActionTest, EachCardVerbBecomesItsCommandWithoutTheTextGrammar) {
    EXPECT_EQ(command_from_action(action("claim", 7)).value(),
              commands::Command{commands::Claim{7}});
    commands::Command const resolve{commands::Resolve{std::nullopt, ""}};
    EXPECT_EQ(command_from_action(action("resolve", std::nullopt)).value(), resolve);
    auto snooze = command_from_action(action("snooze", 7, {"1h"})).value();
    ASSERT_TRUE(std::holds_alternative<commands::Snooze>(snooze));
    EXPECT_EQ(std::get<Seconds>(std::get<commands::Snooze>(snooze).span), Seconds{3600});
    // The text grammar would read these as commands; an action's verb is a name, not a line.
    EXPECT_FALSE(command_from_action(action("claim 5", std::nullopt)));
    EXPECT_FALSE(command_from_action(action("help", std::nullopt)));
    EXPECT_FALSE(command_from_action(action("token create", std::nullopt)));
}

TEST_F(CoreTest, HostileButtonsChangeNothingAndSaySo) {
    auto id = ingest("m1");
    auto& handler = m_engine->commands();
    EXPECT_TRUE(contains(handler.execute(action("explode", id)), "Sorry"));
    EXPECT_TRUE(contains(handler.execute(action("claim", std::nullopt)), "which item?"));
    EXPECT_TRUE(
        contains(handler.execute(action("snooze", id, {std::string(100000, 'x')})), "at most"));
    EXPECT_TRUE(contains(handler.execute(action("snooze", id, {"\xed\xa0\x80"})), "not UTF-8"));
    EXPECT_TRUE(contains(handler.execute(action("claim", 999999999999999999)), "no item"));
    auto stranger = action("claim", id);
    stranger.origin.user = "mallory";
    EXPECT_TRUE(contains(handler.execute(stranger), "I don't know you"));
    EXPECT_EQ(m_store->items().get(id).value()->state, ItemState::open);
}

TEST_F(CoreTest, AButtonClaimsAndTheTimelineNamesTheAdapterTypeNotItsName) {
    auto id = ingest("m1");
    auto claim = action("claim", id);
    // The fixture's people are known on the adapter named "console"; mark it a Slack one, as a
    // Slack adapter named anything would.
    claim.origin.via = Via::slack;
    auto reply = m_engine->commands().execute(claim);
    EXPECT_TRUE(contains(reply, "Bob claimed #1")) << reply;
    EXPECT_EQ(m_store->items().get(id).value()->claimed_by, "bob");
    auto timeline = m_store->items().timeline(id).value();
    auto claimed = std::find_if(timeline.begin(), timeline.end(),
                                [](TimelineEvent const& e) { return e.kind == "claimed"; });
    ASSERT_NE(claimed, timeline.end());
    EXPECT_EQ(claimed->via, Via::slack);
}

TEST_F(CoreTest, ATypedCommandIsAuditedByTheOriginsTypeToo) {
    auto id = ingest("m1");
    ChatOrigin origin{"console", "bob", "#care", "", false};
    origin.via = Via::matrix;
    m_engine->commands().execute(origin, "claim " + std::to_string(id));
    auto timeline = m_store->items().timeline(id).value();
    auto claimed = std::find_if(timeline.begin(), timeline.end(),
                                [](TimelineEvent const& e) { return e.kind == "claimed"; });
    ASSERT_NE(claimed, timeline.end());
    EXPECT_EQ(claimed->via, Via::matrix);
}
