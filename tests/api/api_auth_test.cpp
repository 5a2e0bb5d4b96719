// SPDX-License-Identifier: Apache-2.0
// Who may call the API at all: tokens, sessions with their CSRF token, and the public document.
#include "tests/api/api_harness.hpp"

#include "base/hmac.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include <chrono>

using namespace sb::test;

class ApiAuth : public ApiTest {};

TEST_F(ApiAuth, EveryPathNeedsAuthenticationExceptTheDocument) {
    auto anonymous = call("GET", "/api/v1/teams", As{});
    EXPECT_TRUE(is_problem(anonymous, 401));
    EXPECT_NE(anonymous.header("WWW-Authenticate").find("Bearer"), std::string::npos);
    // An unknown path answers 401 too: nobody learns what exists without signing in.
    EXPECT_TRUE(is_problem(call("GET", "/api/v1/no-such-thing", As{}), 401));
    EXPECT_TRUE(is_problem(call("POST", "/api/v1/absences", As{}, "{}"), 401));
    EXPECT_TRUE(is_problem(
        call("GET", "/api/v1/teams", As{"", {{"Authorization", "Bearer sbt_not-a-token"}}}), 401));
    EXPECT_TRUE(is_problem(
        call("GET", "/api/v1/teams", As{"", {{"Authorization", "Basic Ym9iOmJvYg=="}}}), 401));

    auto document = call("GET", "/api/v1/openapi.json", As{});
    ASSERT_EQ(document.status, 200) << document.describe();
    EXPECT_EQ(document.json().value("openapi", ""), "3.1.0");

    auto head = call("HEAD", "/api/v1/teams", As{"bob", {}});
    EXPECT_EQ(head.status, 200);
    EXPECT_TRUE(head.body.empty());

    EXPECT_TRUE(is_problem(get("/api/v1/no-such-thing", "bob"), 404));
    auto wrong_method = call("PUT", "/api/v1/teams", As{"bob", {}}, "{}");
    EXPECT_TRUE(is_problem(wrong_method, 405));
    EXPECT_EQ(wrong_method.header("Allow"), "GET");
}

TEST_F(ApiAuth, ASessionWithoutItsCsrfTokenMayReadButNotChange) {
    // A session as the sign-in page would make it: only the cookie's hash is stored.
    {
        SQLite::Database db((m_dir / "state" / "switchboard.db").string(), SQLite::OPEN_READWRITE);
        SQLite::Statement insert(db, "INSERT INTO web_sessions(hash, person, csrf_token, "
                                     "created_at, expires_at) VALUES (?, 'bob', 'csrf-1', ?, ?)");
        auto const now = std::chrono::duration_cast<std::chrono::seconds>(
                             std::chrono::system_clock::now().time_since_epoch())
                             .count();
        insert.bind(1, sb::sha256_hex("cookie-1"));
        insert.bind(2, static_cast<int64_t>(now));
        insert.bind(3, static_cast<int64_t>(now + 3600));
        insert.exec();
    }
    HeaderList const cookie{{"Cookie", "sb_session=cookie-1"}};
    auto read = call("GET", "/api/v1/absences", As{"", cookie});
    EXPECT_EQ(read.status, 200) << read.describe();

    auto const body = R"({"reason":"sick"})";
    HeaderList without = cookie;
    without.emplace_back("Content-Type", "application/json");
    EXPECT_TRUE(
        is_problem(call("POST", "/api/v1/absences", As{"", without}, body), 403, "X-CSRF-Token"));
    HeaderList wrong = without;
    wrong.emplace_back("X-CSRF-Token", "csrf-2");
    EXPECT_TRUE(is_problem(call("POST", "/api/v1/absences", As{"", wrong}, body), 403));
    HeaderList right = without;
    right.emplace_back("X-CSRF-Token", "csrf-1");
    auto created = call("POST", "/api/v1/absences", As{"", right}, body);
    ASSERT_EQ(created.status, 201) << created.describe();
    EXPECT_EQ(created.json().value("person", ""), "bob");
    EXPECT_EQ(created.json().value("created_via", ""), "web");
}

TEST_F(ApiAuth, TheSessionAndTheLiveEventsAreThereForATokenToo) {
    auto session = get("/api/v1/session", "alice");
    ASSERT_EQ(session.status, 200) << session.describe();
    EXPECT_EQ(session.json()["person"], "alice");
    EXPECT_EQ(session.json()["role"], "manager");
    EXPECT_TRUE(is_problem(call("GET", "/api/v1/session", As{}), 401));
    auto events = open_stream("/api/v1/events", "bob");
    EXPECT_EQ(events.status, 200);
    EXPECT_EQ(events.content_type.rfind("text/event-stream", 0), 0u) << events.content_type;
}
