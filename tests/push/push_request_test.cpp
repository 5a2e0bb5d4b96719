// SPDX-License-Identifier: Apache-2.0
// The requests ntfy and Pushover receive for a page that quotes a hostile post: plain text, no
// tap-through to a non-web URL, and a title that stays one line.
#include "adapters/notifiers/ntfy/ntfy_notifier.hpp"
#include "adapters/notifiers/pushover/pushover_notifier.hpp"
#include "base/safe_text.hpp"
#include "base/text.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <vector>

namespace sb {
namespace {

class RecordingHttp : public HttpClient {
public:
    std::vector<OutboundRequest> sent;
    void send(OutboundRequest request,
              std::function<void(Result<OutboundResponse>)> done) override {
        sent.push_back(request);
        OutboundResponse response;
        response.status = 200;
        response.body = R"({"status":1,"request":"r1"})";
        done(response);
    }
};

PageRequest hostile_page() {
    PageRequest page;
    page.page_id = 7;
    page.item_id = 3;
    page.person = "bob";
    page.address = "bob-topic";
    page.urgency = Urgency::after_hours;
    page.title = "#3 from @evil\r\nX-Injected: yes\x1b]0;owned\x07";
    page.text =
        "**Refund** [here](https://evil.example) <b>now</b> ![x](https://evil.example/p.png)";
    page.item_url = "javascript:alert(document.cookie)";
    return page;
}

TEST(NtfyRequest, HostileTextIsSentPlainWithoutAClickAndOnOneLine) {
    RecordingHttp http;
    NtfyNotifier ntfy({}, http);
    ntfy.send(hostile_page(), [](Result<PageSent>) {});
    ASSERT_EQ(http.sent.size(), 1u);
    auto const& request = http.sent[0];
    for (auto const& [name, value] : request.headers) {
        EXPECT_NE(name, "Markdown");
        EXPECT_NE(name, "X-Markdown");
        EXPECT_EQ(value.find_first_of("\r\n"), std::string::npos) << name;
    }
    auto body = nlohmann::json::parse(request.body);
    EXPECT_EQ(body["markdown"], false);
    EXPECT_EQ(body["message"], hostile_page().text) << "the text is not rewritten, only not parsed";
    EXPECT_FALSE(body.contains("click")) << body.dump();
    EXPECT_FALSE(body.contains("actions")) << body.dump();
    auto title = body["title"].get<std::string>();
    EXPECT_EQ(title.find_first_of("\r\n\x1b\x07"), std::string::npos) << title;
    EXPECT_NE(title.find("X-Injected: yes"), std::string::npos);
}

TEST(NtfyRequest, WebUrlsStayTappable) {
    RecordingHttp http;
    NtfyNotifier ntfy({}, http);
    auto page = hostile_page();
    page.item_url = "https://social.example/@fan/1";
    page.claim_url = "https://switchboard.example/claim/abc";
    ntfy.send(page, [](Result<PageSent>) {});
    auto body = nlohmann::json::parse(http.sent.at(0).body);
    EXPECT_EQ(body["click"], "https://social.example/@fan/1");
    EXPECT_EQ(body["actions"][0]["url"], "https://switchboard.example/claim/abc");
}

TEST(PushoverRequest, HostileTextIsSentPlainWithoutAUrlAndOnOneLine) {
    RecordingHttp http;
    PushoverSettings settings;
    settings.app_token = "app";
    PushoverNotifier pushover(settings, http);
    auto form = parse_form(pushover.message_form(hostile_page()));
    EXPECT_FALSE(form.contains("html")) << "html=1 would render <b> and links";
    EXPECT_FALSE(form.contains("url"));
    EXPECT_EQ(form["message"], hostile_page().text);
    EXPECT_EQ(form["title"].find_first_of("\r\n\x1b\x07"), std::string::npos) << form["title"];

    auto page = hostile_page();
    page.item_url = "https://social.example/@fan/1";
    form = parse_form(pushover.message_form(page));
    EXPECT_EQ(form["url"], "https://social.example/@fan/1");
}

// Pushover caps the title at 250 and the message at 1,024 characters: a cut through an umlaut
// would send a broken sequence that the app shows as garbage (or the API refuses).
TEST(PushoverRequest, LongTextIsCutBetweenCharactersNotThroughThem) {
    RecordingHttp http;
    PushoverSettings settings;
    settings.app_token = "app";
    PushoverNotifier pushover(settings, http);
    auto page = hostile_page();
    page.title.clear();
    for (int i = 0; i < 200; ++i)
        page.title += "\xc3\xbc"; // ü, two bytes
    page.text = "x";
    for (int i = 0; i < 700; ++i)
        page.text += "\xe2\x82\xac"; // €, three bytes
    auto form = parse_form(pushover.message_form(page));
    EXPECT_LE(form["title"].size(), 250U);
    EXPECT_EQ(form["title"].size(), 250U); // 125 whole umlauts
    EXPECT_TRUE(is_valid_utf8(form["title"]));
    EXPECT_LE(form["message"].size(), 1024U);
    EXPECT_EQ(form["message"].size(), 1 + 341 * 3U);
    EXPECT_TRUE(is_valid_utf8(form["message"]));
}

} // namespace
} // namespace sb
