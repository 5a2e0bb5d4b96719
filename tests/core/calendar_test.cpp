// SPDX-License-Identifier: Apache-2.0
// Remote calendars: the daemon fetches them through the HttpClient port, keeps the last good copy
// in the store, and says in its health what it runs on; the command line fetches what the store
// has no copy of.
#include "adapters/net/http_client/curl_http_client.hpp"
#include "bot/core/calendar_fetch.hpp"
#include "bot/core/calendar_refresher.hpp"
#include "bot/core/effective_rota.hpp"
#include "bot/core/manual_time.hpp"
#include "bot/http/http_server.hpp"
#include "bot/store/store.hpp"
#include "tests/support/loop_thread.hpp"

#include <gtest/gtest.h>

#include <unistd.h>

#include <deque>
#include <filesystem>
#include <string>
#include <vector>

namespace sb {
namespace {

using namespace std::chrono_literals;

constexpr char const* secret_url = "https://hr.example/cal/private-s3cr3t/bob.ics?key=k3y";

std::string calendar_text(std::string const& day) {
    return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//HR//EN\r\nBEGIN:VEVENT\r\n"
           "UID:bob-" +
           day + "@hr\r\nDTSTAMP:20261101T000000Z\r\nDTSTART;VALUE=DATE:" + day +
           "\r\nSUMMARY:Vacation\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
}

// An HttpClient whose answers the test gives, one request at a time.
class ScriptedHttp final : public HttpClient {
public:
    struct Pending {
        OutboundRequest request;
        std::function<void(Result<OutboundResponse>)> done;
    };
    void send(OutboundRequest request,
              std::function<void(Result<OutboundResponse>)> done) override {
        pending.push_back({std::move(request), std::move(done)});
    }
    void answer(int status, std::string body,
                std::vector<std::pair<std::string, std::string>> headers = {}) {
        ASSERT_FALSE(pending.empty());
        auto next = std::move(pending.front());
        pending.pop_front();
        OutboundResponse response;
        response.status = status;
        response.body = std::move(body);
        response.headers = std::move(headers);
        next.done(std::move(response));
    }
    void fail(std::string const& why) {
        ASSERT_FALSE(pending.empty());
        auto next = std::move(pending.front());
        pending.pop_front();
        next.done(unexpected(ErrorCode::unavailable, why));
    }
    std::deque<Pending> pending;
};

class CalendarRefresherTest : public ::testing::Test {
protected:
    void SetUp() override {
        std::string pattern =
            (std::filesystem::temp_directory_path() / "switchboard-calendar-XXXXXX").string();
        ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
        m_dir = pattern;
        m_store = std::make_unique<Store>((m_dir / "switchboard.db").string());
        m_calendars = &m_store->calendars();
    }
    void TearDown() override {
        m_refresher.reset();
        m_calendars = nullptr;
        m_store.reset();
        std::filesystem::remove_all(m_dir);
    }

    void start(std::string const& url = secret_url) {
        m_refresher = std::make_unique<CalendarRefresher>(
            std::vector<rota::RemoteCalendar>{{url, "/people/bob/absences_ical"}}, http, timers,
            clock, *m_calendars, [this](rota::CalendarCopies const& copies) -> Result<void> {
                applied.push_back(copies);
                return {};
            });
        m_refresher->start();
    }

    ManualClock clock{Instant{} + std::chrono::hours(24 * 20000)};
    ManualTimers timers{clock};
    ScriptedHttp http;
    std::vector<rota::CalendarCopies> applied;
    std::filesystem::path m_dir;
    std::unique_ptr<Store> m_store;
    CalendarRepository* m_calendars = nullptr;
    std::unique_ptr<CalendarRefresher> m_refresher;
};

TEST_F(CalendarRefresherTest, AnAnswerThatIsNoCalendarIsRefusedAndNamesNoSecret) {
    start();
    ASSERT_EQ(http.pending.size(), 1U);
    EXPECT_EQ(http.pending.front().request.url, secret_url);
    http.answer(200, "<html><body>Sign in to see this calendar</body></html>");
    EXPECT_TRUE(applied.empty());
    auto health = m_refresher->health();
    EXPECT_FALSE(health.ready);
    EXPECT_NE(health.reason.find("/people/bob/absences_ical"), std::string::npos) << health.reason;
    EXPECT_NE(health.reason.find("sent no calendar"), std::string::npos) << health.reason;
    EXPECT_NE(health.reason.find("https://hr.example/…/bob.ics"), std::string::npos)
        << health.reason;
    EXPECT_EQ(health.reason.find("s3cr3t"), std::string::npos) << health.reason;
    EXPECT_EQ(health.reason.find("k3y"), std::string::npos) << health.reason;
    EXPECT_TRUE(m_calendars->all()->empty());
    // It is asked again later.
    timers.advance_to(clock.now() + std::chrono::minutes(10));
    EXPECT_EQ(http.pending.size(), 1U);
}

TEST_F(CalendarRefresherTest, ATransportErrorNamesNoSecret) {
    start();
    http.fail(std::string("GET ") + secret_url + " failed: Connection refused");
    auto health = m_refresher->health();
    EXPECT_FALSE(health.ready);
    EXPECT_NE(health.reason.find("Connection refused"), std::string::npos) << health.reason;
    EXPECT_EQ(health.reason.find("s3cr3t"), std::string::npos) << health.reason;
}

TEST_F(CalendarRefresherTest, ACalendarIsAppliedKeptAndRefreshedAndAFailureKeepsTheCopy) {
    start();
    EXPECT_FALSE(m_refresher->health().ready); // not fetched yet
    http.answer(200, calendar_text("20261205"));
    ASSERT_EQ(applied.size(), 1U);
    EXPECT_EQ(applied[0].at(secret_url).body, calendar_text("20261205"));
    EXPECT_TRUE(m_refresher->health().ready);
    EXPECT_EQ(m_refresher->health().reason, "");
    auto stored = m_calendars->all();
    ASSERT_TRUE(stored.has_value());
    ASSERT_EQ(stored->size(), 1U);
    EXPECT_EQ((*stored)[0].fetched_at, clock.now());

    // Nothing is asked before the refresh is due; then it is, and a failure keeps the copy.
    timers.advance_to(clock.now() + std::chrono::hours(5));
    EXPECT_TRUE(http.pending.empty());
    timers.advance_to(clock.now() + std::chrono::hours(1));
    ASSERT_EQ(http.pending.size(), 1U);
    http.answer(500, "upstream trouble");
    EXPECT_EQ(applied.size(), 1U);
    auto health = m_refresher->health();
    EXPECT_TRUE(health.ready);
    EXPECT_NE(health.reason.find("HTTP 500"), std::string::npos) << health.reason;
    EXPECT_NE(health.reason.find("using the copy of"), std::string::npos) << health.reason;
    EXPECT_EQ(m_calendars->all()->at(0).body, calendar_text("20261205"));

    // The retry brings a changed calendar, which replaces the copy.
    timers.advance_to(clock.now() + std::chrono::minutes(10));
    http.answer(200, calendar_text("20261212"));
    ASSERT_EQ(applied.size(), 2U);
    EXPECT_EQ(applied[1].at(secret_url).body, calendar_text("20261212"));
    EXPECT_EQ(m_refresher->health().reason, "");
}

TEST_F(CalendarRefresherTest, ARestartRunsOnTheStoredCopyBeforeAnyAnswer) {
    ASSERT_TRUE(m_calendars->save({secret_url, calendar_text("20261205"), clock.now()}));
    start();
    ASSERT_EQ(applied.size(), 1U);
    EXPECT_EQ(applied[0].at(secret_url).body, calendar_text("20261205"));
    EXPECT_TRUE(m_refresher->health().ready);
    http.answer(503, "");
    EXPECT_TRUE(m_refresher->health().ready);
    EXPECT_NE(m_refresher->health().reason.find("using the copy of"), std::string::npos);
}

TEST_F(CalendarRefresherTest, RedirectsAreFollowedAFewTimesOnly) {
    start("https://hr.example/a.ics");
    http.answer(302, "", {{"location", "/b.ics"}});
    ASSERT_EQ(http.pending.size(), 1U);
    EXPECT_EQ(http.pending.front().request.url, "https://hr.example/b.ics");
    for (int i = 0; i < max_calendar_redirects; ++i)
        http.answer(301, "", {{"location", "https://other.example/c.ics"}});
    EXPECT_TRUE(http.pending.empty());
    EXPECT_NE(m_refresher->health().reason.find("redirects more than"), std::string::npos)
        << m_refresher->health().reason;
    EXPECT_TRUE(applied.empty());
}

TEST(CalendarFetch, ARedirectToAnotherSchemeIsRefused) {
    OutboundResponse response;
    response.status = 302;
    response.headers = {{"location", "file:///etc/passwd"}};
    auto answer = read_calendar_answer("https://hr.example/a.ics", response, 5);
    EXPECT_FALSE(answer.redirect);
    EXPECT_FALSE(answer.body);
    EXPECT_NE(answer.error.find("no http(s) URL"), std::string::npos) << answer.error;
}

TEST(CalendarFetch, LabelsKeepHostAndFileOnly) {
    EXPECT_EQ(calendar_label("https://user:pw@cal.example:8443/a/private-x/basic.ics?t=1"),
              "https://…@cal.example:8443/…/basic.ics");
    EXPECT_EQ(calendar_label("http://cal.example"), "http://cal.example/…");
    EXPECT_EQ(calendar_label("not a url"), "a calendar URL");
}

config::Config weekend_team() {
    config::Config config;
    config.path = "/nonexistent/switchboard.jsonc";
    for (auto const* id : {"bob", "carol"}) {
        config::Person person;
        person.id = id;
        person.name = id;
        person.timezone = "Europe/Berlin";
        config.people[id] = person;
    }
    config::Team team;
    team.id = "care";
    team.timezone = "Europe/Berlin";
    team.business_hours = {{1, 2, 3, 4, 5}, 9h, 18h};
    team.coverage = {{"weekend", {6, 0}, false, 9h, 21h}};
    config::Layer primary;
    primary.name = "primary";
    primary.members = {"bob", "carol"};
    primary.shift_length = 52; // bob's turn all year, so only his absences change anything
    primary.start_date = "2026-01-05";
    team.layers = {primary};
    config.teams["care"] = team;
    return config;
}

std::string on_call(rota::ConfigRota const& rota, std::string const& when) {
    auto answer = rota.who("care", parse_instant(when).value());
    if (answer.layers.empty() || !answer.layers[0].person)
        return "nobody";
    return *answer.layers[0].person;
}

// Moved from the rota's tests, where ConfigRota fetched the URL itself and blocked doing so.
TEST(AbsenceCalendar, CalendarIsFetchedFromAUrl) {
    test::LoopThread loop;
    auto server = HttpServer::create(loop.io(), "127.0.0.1", 0);
    ASSERT_TRUE(server.has_value());
    (*server)->add_route("GET", "/hr/bob.ics", [](HttpRequest const&, HttpResponder respond) {
        auto response = HttpResponse::text(200, calendar_text("20261205"));
        response.content_type = "text/calendar";
        respond(response);
    });
    (*server)->add_route("GET", "/old/bob.ics", [](HttpRequest const&, HttpResponder respond) {
        auto response = HttpResponse::text(301, "");
        response.headers.emplace_back("Location", "/hr/bob.ics");
        respond(response);
    });
    (*server)->start();
    loop.start();
    auto const base = "http://127.0.0.1:" + std::to_string((*server)->port());
    auto const fetch = [](std::string const& url) {
        return fetch_calendar_blocking(url, perform_http);
    };
    auto const no_state = std::filesystem::path("/nonexistent/state");
    auto config = weekend_team();
    for (auto const* path : {"/hr/bob.ics", "/old/bob.ics"}) {
        config.people["bob"].absences_ical = base + path;
        std::vector<std::string> warnings;
        auto rota = effective_rota(config, no_state, fetch, &warnings);
        ASSERT_TRUE(rota.has_value()) << rota.error().to_string();
        EXPECT_TRUE(warnings.empty()) << warnings[0];
        EXPECT_EQ(on_call(*rota, "2026-12-05T12:00+01:00"), "carol");
        EXPECT_EQ(on_call(*rota, "2026-12-06T12:00+01:00"), "bob");
    }

    // A calendar that cannot be fetched leaves the answer without it, and a warning says why.
    config.people["bob"].absences_ical = base + "/hr/missing.ics";
    std::vector<std::string> warnings;
    auto missing = effective_rota(config, no_state, fetch, &warnings);
    ASSERT_TRUE(missing.has_value()) << missing.error().to_string();
    EXPECT_EQ(on_call(*missing, "2026-12-05T12:00+01:00"), "bob");
    ASSERT_EQ(warnings.size(), 1U);
    EXPECT_NE(warnings[0].find("/people/bob/absences_ical"), std::string::npos) << warnings[0];
    EXPECT_NE(warnings[0].find("HTTP 404"), std::string::npos) << warnings[0];
    loop.run_on_loop([&] { (*server)->stop(); });
    loop.stop();
}

} // namespace
} // namespace sb
