// SPDX-License-Identifier: Apache-2.0
// The only file that knows Matrix's JSON: event contents the bot sends, and what it reads back.
#pragma once

#include "bot/ports/chat_adapter.hpp"

#include <nlohmann/json_fwd.hpp>

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace sb::matrix {

// A homeserver's refusal, {"errcode": "M_FORBIDDEN", "error": "…"} with its HTTP status.
struct ApiError {
    int status = 0;
    std::string errcode; // empty when the body was not a Matrix error
    std::string error;
    std::optional<std::chrono::milliseconds> retry_after;

    std::string describe() const;
};

// Reads an error from a non-2xx response; the Retry-After header (seconds) wins over the
// deprecated retry_after_ms. Either hint is held to 0 .. 1 hour.
ApiError parse_error(int status, std::string const& body, std::string const& retry_after_header);

// Percent-encodes one path segment or query value ("!room:server" → "%21room%3Aserver").
std::string encode_component(std::string const& text);

// "!room:server/$event" ↔ {room, event}; Matrix ids never contain '/' in the room part.
std::string make_card_ref(std::string const& room, std::string const& event_id);
std::optional<std::pair<std::string, std::string>> split_card_ref(std::string const& ref);

// The transaction id of an outbox entry: the same entry always gets the same id, so a retry
// after a crash is deduplicated by the homeserver.
std::string txn_id_for_outbox(std::int64_t outbox_id);

// m.room.message contents: a card as m.notice with plain body and HTML, its edit, a thread
// note, and a plain notice; each with an empty m.mentions, as they carry strangers' text.
nlohmann::json card_content(CardView const& card);
nlohmann::json card_edit_content(CardView const& card, std::string const& original_event_id);
nlohmann::json thread_note_content(std::string const& text, std::string const& root_event_id);
nlohmann::json notice_content(std::string const& text);
// A direct message to a person (a page): m.text that mentions them, so their phone rings.
nlohmann::json page_content(std::string const& text, std::string const& user_id);

// The /sync filter: only what the bot reads.
std::string sync_filter_json();

// What the bot takes from one /sync response.
struct TimelineMessage {
    std::string room;
    std::string event_id;
    std::string sender;
    std::string type;    // m.room.message, m.reaction
    std::string msgtype; // m.text, m.notice …
    std::string body;
    std::string in_reply_to; // event id of an m.in_reply_to, or a thread root
    std::string reaction_target;
    std::string reaction_key;
};

struct Invite {
    std::string room;
    std::string inviter;
    bool is_direct = false;
};

// A room whose /sync timeline was cut short: the events before first_event_id, back to the
// previous sync, must be fetched from /messages starting at prev_batch.
struct TimelineGap {
    std::string room;
    std::string prev_batch;
    std::string first_event_id;
};

struct SyncBatch {
    std::string next_batch;
    std::vector<TimelineMessage> messages;
    std::vector<TimelineGap> gaps;
    std::vector<Invite> invites;
    std::vector<std::string> encrypted_rooms; // rooms with an m.room.encryption state event
    std::optional<std::map<std::string, std::vector<std::string>>> direct; // m.direct, if sent
};

Result<SyncBatch> parse_sync(std::string const& body, std::string const& own_user_id);

// One event as the bot reads it; nullopt for the bot's own events and anything not a message
// or an annotation.
std::optional<TimelineMessage> timeline_message(nlohmann::json const& event,
                                                std::string const& room_id,
                                                std::string const& own_user_id);

// One page of GET /rooms/{roomId}/messages, in the order served (newest first for dir=b).
struct PagedEvent {
    std::string event_id;
    std::optional<TimelineMessage> message;
};
struct MessagesPage {
    std::vector<PagedEvent> events;
    std::string end; // empty: no more history
    bool encrypted = false;
};
Result<MessagesPage> parse_messages(std::string const& body, std::string const& room_id,
                                    std::string const& own_user_id);

// The /messages filter: only events the bot reads.
std::string messages_filter_json();

// m.direct account data: user id → rooms.
std::map<std::string, std::vector<std::string>> parse_direct(nlohmann::json const& content);

// The command in a message body, if it is addressed to the bot: "!claim 4" or
// "@bot:server: claim 4" in a room; any text in a DM or a reply to a card. Strips the quoted
// fallback of a reply.
std::optional<std::string> command_text(std::string const& body, std::string const& own_user_id,
                                        bool addressed_anyway);

// ✋ claims, ✅ resolves; anything else is not a command.
std::optional<std::string> reaction_command(std::string const& key);

} // namespace sb::matrix
