// SPDX-License-Identifier: Apache-2.0
// Server-sent events: the stream's headers, change events to every open page, closed ones dropped.
#include "bot/api/live_events.hpp"

#include <gtest/gtest.h>

namespace sb::test {
namespace {

class RecordingWriter : public HttpStreamWriter {
public:
    bool write(std::string text) override {
        if (!open)
            return false;
        written += text;
        return true;
    }
    bool is_open() const override { return open; }
    void close() override { open = false; }

    std::string written;
    bool open = true;
};

std::string header(HttpResponse const& response, std::string const& name) {
    for (auto const& [key, value] : response.headers)
        if (key == name)
            return value;
    return {};
}

TEST(LiveEvents, SubscribeAnswersAnOpenEventStream) {
    LiveEvents live;
    auto response = live.subscribe();
    EXPECT_EQ(response.status, 200);
    EXPECT_EQ(response.content_type, "text/event-stream");
    EXPECT_EQ(header(response, "Cache-Control"), "no-store");
    EXPECT_EQ(header(response, "X-Accel-Buffering"), "no");
    EXPECT_EQ(response.body, "retry: 3000\n\n");
    ASSERT_TRUE(static_cast<bool>(response.stream));
    EXPECT_EQ(live.subscribers(), 0U);
    response.stream(std::make_shared<RecordingWriter>());
    EXPECT_EQ(live.subscribers(), 1U);
}

TEST(LiveEvents, PublishSendsNumberedChangeEventsToEveryOpenStream) {
    LiveEvents live;
    auto first = std::make_shared<RecordingWriter>();
    auto second = std::make_shared<RecordingWriter>();
    live.subscribe().stream(first);
    live.subscribe().stream(second);
    live.publish("item", 42);
    live.publish("rota", 7);
    auto const expected = "id: 1\nevent: change\ndata: {\"id\":42,\"kind\":\"item\"}\n\n"
                          "id: 2\nevent: change\ndata: {\"id\":7,\"kind\":\"rota\"}\n\n";
    EXPECT_EQ(first->written, expected);
    EXPECT_EQ(second->written, expected);
}

TEST(LiveEvents, ClosedStreamsAreDropped) {
    LiveEvents live;
    auto gone = std::make_shared<RecordingWriter>();
    auto staying = std::make_shared<RecordingWriter>();
    live.subscribe().stream(gone);
    live.subscribe().stream(staying);
    gone->close();
    live.publish("page", 3);
    EXPECT_EQ(live.subscribers(), 1U);
    EXPECT_TRUE(gone->written.empty());
    EXPECT_NE(staying->written.find("\"kind\":\"page\""), std::string::npos);
}

TEST(LiveEvents, HeartbeatIsACommentLine) {
    LiveEvents live;
    auto writer = std::make_shared<RecordingWriter>();
    live.subscribe().stream(writer);
    live.heartbeat();
    EXPECT_EQ(writer->written, ": keep-alive\n\n");
    writer->open = false;
    live.heartbeat();
    EXPECT_EQ(live.subscribers(), 0U);
}

} // namespace
} // namespace sb::test
