// SPDX-License-Identifier: Apache-2.0
// switchboard in German. Staff are addressed with "du", as in most German team chats. The
// fields ({0}, {1}, …) are the same as in the English, in the order German wants them.
#include "base/words_catalog.hpp"

#include <array>

namespace sb {
namespace {

constexpr std::array catalog{
    // The words of states, priorities, roles and rota reasons, shown inside other messages.
    Translation{"open", "offen"},
    Translation{"claimed", "übernommen"},
    Translation{"snoozed", "zurückgestellt"},
    Translation{"resolved", "erledigt"},
    Translation{"dismissed", "verworfen"},
    Translation{"low", "niedrig"},
    Translation{"normal", "normal"},
    Translation{"high", "hoch"},
    Translation{"urgent", "dringend"},
    Translation{"manager", "Leitung"},
    Translation{"member", "Mitglied"},
    Translation{"rotation", "Turnus"},
    Translation{"override", "Sonderschicht"},
    Translation{"swap", "Tausch"},
    Translation{"substitute", "Vertretung"},
    Translation{"gap", "Lücke"},
    Translation{"off", "frei"},
    Translation{"nobody", "niemand"},
    Translation{"chat DM", "Chat-Direktnachricht"},

    // Cards.
    Translation{"#{0} {1} on {2} ({3}): \"{4}\"", "#{0} {1} auf {2} ({3}): „{4}“"},
    Translation{"Open for {0}", "Offen seit {0}"},
    Translation{"Claimed by {0} after {1}", "Übernommen von {0} nach {1}"},
    Translation{"Snoozed until {0}", "Zurückgestellt bis {0}"},
    Translation{"Resolved after {0}", "Erledigt nach {0}"},
    Translation{"Resolved by {0} after {1}", "Erledigt von {0} nach {1}"},
    Translation{"Dismissed (no reply needed)", "Verworfen (keine Antwort nötig)"},
    Translation{"Deleted by author at {0}", "Vom Autor gelöscht am {0}"},
    Translation{"{0} mentions", "{0} Erwähnungen"},
    Translation{"business hours: the whole team", "Geschäftszeiten: das ganze Team"},
    Translation{"nobody (outside coverage)", "niemand (außerhalb der Bereitschaftszeiten)"},
    Translation{"Due {0} (outside coverage; paging starts then)",
                "Fällig {0} (außerhalb der Bereitschaftszeiten; die Alarmierung beginnt dann)"},
    Translation{"On call: {0}", "Bereitschaft: {0}"},
    Translation{"Received just now", "Gerade eingegangen"},
    Translation{"Received {0} ago", "Eingegangen vor {0}"},
    Translation{"Open on {0}", "Auf {0} öffnen"},
    Translation{"Claim", "Übernehmen"},
    Translation{"Claim #{0}", "#{0} übernehmen"},
    Translation{"Open the post", "Beitrag öffnen"},
    Translation{"Resolve", "Erledigen"},
    Translation{"Snooze 1h", "1 Std. zurückstellen"},
    Translation{"Dismiss", "Verwerfen"},
    Translation{"#{0} {1} from {2}: {3} — {4}", "#{0} {1} von {2}: {3} — {4}"},
    Translation{"Reply with {0}, or react ✋ to claim, ✅ to resolve.",
                "Antworte mit {0} oder reagiere mit ✋ zum Übernehmen, ✅ zum Erledigen."},
    Translation{"or react ✋ to claim, ✅ to resolve",
                "oder reagiere mit ✋ zum Übernehmen, ✅ zum Erledigen"},

    // Room messages and pages.
    Translation{"Unclaimed for {0}: {1} — claim with: claim {2}",
                "Seit {0} nicht übernommen: {1} — übernehmen mit: claim {2}"},
    Translation{"{0} on call", "Bereitschaft {0}"},
    Translation{"named in {0}", "genannt in {0}"},
    Translation{"Page ({0}): {1}\n{2}\nClaim it with: claim {3}",
                "Alarm ({0}): {1}\n{2}\nÜbernehmen mit: claim {3}"},
    Translation{"{0}, please look at {1}", "{0}, bitte schau dir {1} an"},
    Translation{"#{0} {1}: {2} needs a reply", "#{0} {1}: {2} wartet auf Antwort"},

    // Replies to item commands, and the thread notes they leave.
    Translation{"Sorry: {0}", "Tut mir leid: {0}"},
    Translation{"'{0}' is not available in this version of switchboard yet; 'help' lists what "
                "is.",
                "„{0}“ gibt es in dieser Version von switchboard noch nicht; „help“ zeigt, was "
                "es gibt."},
    Translation{"Sorry, I don't know you yet, so I can't act on your commands. Ask a rota "
                "manager to add your {0} identity to switchboard's config.",
                "Tut mir leid, ich kenne dich noch nicht und kann deine Befehle deshalb nicht "
                "ausführen. Bitte jemanden, der den Dienstplan verwaltet, deine {0}-Kennung in "
                "die Konfiguration von switchboard einzutragen."},
    Translation{"which item? Give its number, e.g. '{0} 42'; 'items' lists the open ones",
                "welcher Eintrag? Gib seine Nummer an, z. B. „{0} 42“; „items“ listet die offenen "
                "auf"},
    Translation{"Sorry: there is no item #{0}; 'items' lists them",
                "Tut mir leid: Es gibt keinen Eintrag #{0}; „items“ listet sie auf"},
    Translation{"Test pages are not available here.", "Testalarme gibt es hier nicht."},
    Translation{"The rota view is not available here.",
                "Die Dienstplan-Ansicht gibt es hier nicht."},
    Translation{"The gap view is not available here.", "Die Lücken-Ansicht gibt es hier nicht."},
    Translation{"No open items. Quiet times!", "Keine offenen Einträge. Ruhige Zeiten!"},
    Translation{"Open items:", "Offene Einträge:"},
    Translation{"by {0}", "von {0}"},
    Translation{"{0} old", "seit {0}"},
    Translation{"state {0}, team {1}", "Status {0}, Team {1}"},
    Translation{"Sorry: there is no team '{0}'", "Tut mir leid: Es gibt kein Team „{0}“"},
    Translation{"On call for {0} at {1} ({2}):", "Bereitschaft für {0} am {1} ({2}):"},
    Translation{"outside coverage", "außerhalb der Bereitschaftszeiten"},
    Translation{"nobody (gap)", "niemand (Lücke)"},
    Translation{"for {0}", "für {0}"},
    Translation{"nobody is scheduled now", "gerade ist niemand eingeplant"},
    Translation{"{0} has #{1}", "{0} hat #{1}"},
    Translation{"{0} has #{1} since {2} ago", "{0} hat #{1} seit {2}"},
    Translation{"#{0} is {1}", "#{0} ist {1}"},
    Translation{"{0} claimed #{1} after {2}", "{0} hat #{1} nach {2} übernommen"},
    Translation{"you already have #{0}", "du hast #{0} schon"},
    Translation{"#{0} is gone; nothing to claim", "#{0} gibt es nicht mehr; nichts zu übernehmen"},
    Translation{"{0}; nothing to claim", "{0}; nichts zu übernehmen"},
    Translation{"{0}, not claimed; nothing to release",
                "{0}, nicht übernommen; nichts freizugeben"},
    Translation{"{0} released #{1}; it is open again",
                "{0} hat #{1} freigegeben; der Eintrag ist wieder offen"},
    Translation{"#{0} changed meanwhile", "#{0} wurde inzwischen geändert"},
    Translation{"{0} resolved #{1} after {2}", "{0} hat #{1} nach {2} erledigt"},
    Translation{"#{0} is already {1}", "#{0} ist schon {1}"},
    Translation{"the snooze must end in the future", "das Zurückstellen muss in der Zukunft enden"},
    Translation{"{0} snoozed #{1} until {2}", "{0} hat #{1} bis {2} zurückgestellt"},
    Translation{"{0}; only open or claimed items can be snoozed",
                "{0}; nur offene oder übernommene Einträge lassen sich zurückstellen"},
    Translation{"{0} dismissed #{1}", "{0} hat #{1} verworfen"},
    Translation{"nobody called '{0}' is in the config; hand off to a person id such as @{1}",
                "niemand namens „{0}“ steht in der Konfiguration; übergib an eine Personen-ID wie "
                "@{1}"},
    Translation{"{0} handed #{1} to {2}", "{0} hat #{1} an {2} übergeben"},
    Translation{"{0}; only active items can be handed off",
                "{0}; nur aktive Einträge lassen sich übergeben"},
    Translation{"{0} handed you {1}", "{0} hat dir {1} übergeben"},
    Translation{"Noted on #{0}", "Notiz zu #{0} gespeichert"},
    Translation{"The snooze of #{0} ended; it is open again and escalates from the start",
                "#{0} ist nicht mehr zurückgestellt; der Eintrag ist wieder offen und wird von "
                "vorn eskaliert"},

    // Help.
    Translation{"Commands (ids may be written 42 or #42; in a reply to a card the id may be "
                "left out):",
                "Befehle (Nummern als 42 oder #42; in einer Antwort auf eine Karte kann die "
                "Nummer fehlen):"},
    Translation{"Items", "Einträge"},
    Translation{"Rota", "Dienstplan"},
    Translation{"Other", "Sonstiges"},
    Translation{"TIME is ISO 8601 with an offset or a zone (2026-12-24T19:30+01:00, "
                "2026-12-24T19:30 Europe/Berlin); without one, or as a bare date, the team's "
                "zone applies. Durations: 30m, 1h, 1h30m, 2d, 1w.",
                "TIME ist ISO 8601 mit Versatz oder Zeitzone (2026-12-24T19:30+01:00, "
                "2026-12-24T19:30 Europe/Berlin); ohne beides oder als bloßes Datum gilt die "
                "Zeitzone des Teams. Dauern: 30m, 1h, 1h30m, 2d, 1w."},
    Translation{"Type 'help <command>' for an example.", "„help <Befehl>“ zeigt ein Beispiel."},
    Translation{"There is no command '{0}'; did you mean '{1}'? Type 'help' for the list.",
                "Einen Befehl „{0}“ gibt es nicht; meintest du „{1}“? „help“ zeigt die Liste."},
    Translation{"There is no command '{0}'. Type 'help' for the list.",
                "Einen Befehl „{0}“ gibt es nicht. „help“ zeigt die Liste."},
    Translation{"e.g. {0}", "z. B. {0}"},
    Translation{"take an item; the first claim wins",
                "einen Eintrag übernehmen; wer zuerst übernimmt, hat ihn"},
    Translation{"give an item back to the team", "einen Eintrag ans Team zurückgeben"},
    Translation{"close an item, with an optional note",
                "einen Eintrag abschließen, auf Wunsch mit Notiz"},
    Translation{"hide an item until later", "einen Eintrag bis später zurückstellen"},
    Translation{"close an item that needs no reply",
                "einen Eintrag abschließen, der keine Antwort braucht"},
    Translation{"pass an item on to someone else", "einen Eintrag an jemand anderen übergeben"},
    Translation{"add a note to an item's timeline",
                "dem Verlauf eines Eintrags eine Notiz anfügen"},
    Translation{"list the items that still need somebody",
                "die Einträge auflisten, um die sich noch jemand kümmern muss"},
    Translation{"show one item and its timeline", "einen Eintrag mit seinem Verlauf zeigen"},
    Translation{"who is on call now", "wer gerade Bereitschaft hat"},
    Translation{"who is on call at a given time", "wer zu einer bestimmten Zeit Bereitschaft hat"},
    Translation{"the shifts of the coming days", "die Schichten der nächsten Tage"},
    Translation{"record an absence; without <to> it lasts until 'back'",
                "eine Abwesenheit eintragen; ohne <to> gilt sie bis „back“"},
    Translation{"end a person's absence now", "die Abwesenheit einer Person jetzt beenden"},
    Translation{"have someone cover a span instead",
                "jemanden eine Zeitspanne stattdessen übernehmen lassen"},
    Translation{"ask someone to take your shift holding that time",
                "jemanden bitten, deine Schicht zu dieser Zeit zu übernehmen"},
    Translation{"answer a swap request", "eine Tauschanfrage beantworten"},
    Translation{"spans in the coming days with nobody on call",
                "Zeitspannen der nächsten Tage ohne Bereitschaft"},
    Translation{"list the commands, or explain one", "die Befehle auflisten oder einen erklären"},
    Translation{
        "a sign-in link to the web page, by DM; it works once, for 10 minutes",
        "ein Anmeldelink zur Webseite per Direktnachricht; er gilt einmal, 10 Minuten lang"},
    Translation{"send yourself a test page", "dir selbst einen Testalarm schicken"},
    Translation{"create a personal API token (only in a DM; it is shown once)",
                "ein persönliches API-Token erstellen (nur per Direktnachricht; es wird einmal "
                "gezeigt)"},
    Translation{"revoke your API token with that label, or all of them",
                "dein API-Token mit dieser Bezeichnung widerrufen, oder alle"},

    // Test pages.
    Translation{"Sorry: you are not in the config's people, so there is nobody to page.",
                "Tut mir leid: Du stehst nicht unter den Personen der Konfiguration, also gibt es "
                "niemanden zu alarmieren."},
    Translation{"Test page for {0}: chat DM works. switchboard will page you like this.",
                "Testalarm für {0}: Die Chat-Direktnachricht funktioniert. So alarmiert dich "
                "switchboard."},
    Translation{"Test page by chat DM failed: {0}",
                "Testalarm per Chat-Direktnachricht fehlgeschlagen: {0}"},
    Translation{"Test page by {0} failed: no '{1}' notifier is set up",
                "Testalarm per {0} fehlgeschlagen: Es ist kein Benachrichtigungsdienst „{1}“ "
                "eingerichtet"},
    Translation{"switchboard test page", "switchboard-Testalarm"},
    Translation{"Test page for {0} by {1}. No action needed.",
                "Testalarm für {0} per {1}. Nichts zu tun."},
    Translation{"Test page by {0} sent.", "Testalarm per {0} gesendet."},
    Translation{"Test page by {0} failed: {1}", "Testalarm per {0} fehlgeschlagen: {1}"},
    Translation{"You have no chat DM and no phone method set up; add \"push\" to your entry in "
                "the config's people.",
                "Für dich ist weder eine Chat-Direktnachricht noch ein Weg aufs Telefon "
                "eingerichtet; ergänze „push“ in deinem Eintrag unter den Personen der "
                "Konfiguration."},
    Translation{"Sending a test page to {0} by {1}. Each phone method reports its result in a "
                "DM.",
                "Sende einen Testalarm an {0} per {1}. Jeder Weg aufs Telefon meldet sein "
                "Ergebnis per Direktnachricht."},

    // The claim page a phone opens.
    Translation{"Link not valid", "Link ungültig"},
    Translation{"This claim link is not valid. Open the item in chat instead.",
                "Dieser Übernahme-Link ist ungültig. Öffne den Eintrag stattdessen im Chat."},
    Translation{"Try again", "Bitte noch einmal versuchen"},
    Translation{"switchboard could not read the claim; try again.",
                "switchboard konnte die Übernahme nicht lesen; bitte versuche es noch einmal."},
    Translation{"Link already used", "Link schon benutzt"},
    Translation{"This claim link was already used at {0}. Each link claims once; open the item "
                "in chat instead.",
                "Dieser Übernahme-Link wurde schon am {0} benutzt. Jeder Link übernimmt nur "
                "einmal; öffne den Eintrag stattdessen im Chat."},
    Translation{"Link expired", "Link abgelaufen"},
    Translation{"This claim link expired at {0}. Item {1} is {2}; open it in chat instead.",
                "Dieser Übernahme-Link ist am {0} abgelaufen. Eintrag {1} ist {2}; öffne ihn "
                "stattdessen im Chat."},
    Translation{"Nothing to claim", "Nichts zu übernehmen"},
    Translation{"Item {0} is already {1}. Nothing to do.",
                "Eintrag {0} ist schon {1}. Nichts zu tun."},
    Translation{"Already claimed", "Schon übernommen"},
    Translation{"You have already claimed item {0}.", "Du hast Eintrag {0} schon übernommen."},
    Translation{"Item {0} is already claimed by {1}.", "Eintrag {0} hat schon {1} übernommen."},
    Translation{"Claim {0}?", "{0} übernehmen?"},
    Translation{"switchboard could not record the claim; try again.",
                "switchboard konnte die Übernahme nicht speichern; bitte versuche es noch "
                "einmal."},
    Translation{"This claim link was already used. Each link claims once.",
                "Dieser Übernahme-Link wurde schon benutzt. Jeder Link übernimmt nur einmal."},
    Translation{"Claiming is not available right now.", "Übernehmen ist gerade nicht möglich."},
    Translation{"Not claimed", "Nicht übernommen"},
    Translation{"Claimed {0}", "{0} übernommen"},
    Translation{"You have item {0} now, {1}.", "{1}, Eintrag {0} gehört jetzt dir."},
};

} // namespace

std::span<Translation const> german_words() {
    return catalog;
}

} // namespace sb
