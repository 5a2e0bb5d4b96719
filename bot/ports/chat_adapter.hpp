// SPDX-License-Identifier: Apache-2.0
// Chat adapters (console, Slack, Matrix): deliver cards and messages, report commands.
#pragma once

#include "base/language.hpp"
#include "base/result.hpp"
#include "base/time.hpp"
#include "bot/core/item_id.hpp"
#include "bot/core/via.hpp"
#include "bot/ports/health.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace sb {

// Everything a card shows, already decided by the core; adapters only lay it out.
struct CardView {
    Language language = Language::en; // of the team whose room shows the card
    ItemId item_id = 0;
    std::string platform;
    std::string author;
    std::string excerpt;
    std::string url;
    std::string priority;
    std::string state;       // "open", "claimed", …
    std::string status_line; // "Claimed by Alice after 4m", "Resolved", "Deleted by author at …"
    std::string on_call;     // "primary: Alice, secondary: Bob"
    std::string due_line;    // "Due Monday 09:00 (next working day)" or empty
    Instant received_at{};
    std::vector<std::string> actions; // "claim", "resolve", "snooze", "dismiss"
};

enum class OutboxKind { post_card, update_card, thread_note, direct_message, room_message };

// One delivery the core asked for, as stored in the outbox.
struct OutboxMessage {
    std::int64_t id = 0;
    ItemId item_id = 0; // 0 when not about an item
    OutboxKind kind = OutboxKind::room_message;
    std::string adapter;        // which chat adapter delivers it
    std::string room;           // the adapter's room or channel id; empty for a DM
    std::string person;         // the person id for a DM
    std::string person_address; // the person's identity on that adapter (user id)
    std::string card_ref;       // the adapter's id of the card, for updates and thread notes
    std::optional<CardView> card;
    std::string text;
    int attempts = 0;
};

struct DeliveryReceipt {
    std::string message_ref; // the adapter's id of what it posted (Slack ts, Matrix event id …)
};

// Whether a failed delivery is worth retrying.
enum class Retry { later, never };

struct DeliveryError {
    Error error;
    Retry retry = Retry::later;
    std::optional<Seconds> retry_after; // the service's own wait (Retry-After)
};

struct DeliveryOutcome {
    bool delivered = false;
    DeliveryReceipt receipt; // when delivered
    DeliveryError failure;   // when not
};

// How a person reached the core from chat.
struct ChatOrigin {
    std::string adapter;    // the adapter's configured name, such as "team-slack"
    std::string user;       // the adapter's user id
    std::string room;       // where the command came from; empty for a DM
    std::string card_ref;   // set when it was a reply or reaction on a card
    bool ephemeral = false; // answer only to that user (slash commands)
    Via via = Via::console; // the adapter's type, set by the adapter; names are free text
};

// A button press or reaction: already structured by the platform, so never turned into a text
// line to be parsed again. The values are strangers' input and are checked by the core.
struct InboundAction {
    std::string verb;              // "claim", "resolve", "snooze", "dismiss"
    std::optional<ItemId> item;    // nullopt: the card the action was on (origin.card_ref)
    std::vector<std::string> args; // verb-specific, such as a snooze span "1h"
    ChatOrigin origin;
};

// The same action as a command line ("claim 7"), for logs and for receivers that take only text.
inline std::string action_text(InboundAction const& action) {
    std::string text = action.verb;
    if (action.item)
        text += " " + std::to_string(*action.item);
    for (auto const& value : action.args)
        text += " " + value;
    return text;
}

class ChatInbound {
public:
    virtual ~ChatInbound() = default;
    // A command line without its prefix: "claim 42". The reply callback answers the sender.
    virtual void on_command(ChatOrigin const& origin, std::string const& text,
                            std::function<void(std::string)> reply) = 0;
    // A button or reaction. The core takes it typed; a receiver that only knows command lines
    // (a recorder in a test, a relay) gets its text form.
    virtual void on_action(InboundAction const& action, std::function<void(std::string)> reply) {
        on_command(action.origin, action_text(action), std::move(reply));
    }
};

class ChatAdapter {
public:
    virtual ~ChatAdapter() = default;
    virtual std::string const& name() const = 0;
    virtual void start(ChatInbound& inbound) = 0;
    virtual void stop() = 0;
    // Completes exactly once, on the core thread.
    virtual void deliver(OutboxMessage const& message,
                         std::function<void(DeliveryOutcome)> done) = 0;
    virtual AdapterHealth health() const = 0;
    // Identities the adapter found itself, such as by a directory look-up of a person's e-mail,
    // for people the config gives no address on it. The config's own addresses come first.
    virtual std::optional<std::string> person_for(std::string const& /*address*/) const {
        return std::nullopt;
    }
    virtual std::optional<std::string> address_of(std::string const& /*person*/) const {
        return std::nullopt;
    }
};

} // namespace sb
