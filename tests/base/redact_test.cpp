// SPDX-License-Identifier: Apache-2.0
// What a log line may show of a request target or an error text: never the secret.
#include "base/redact.hpp"

#include <gtest/gtest.h>

namespace sb {
namespace {

TEST(RedactTarget, HostileTargetCannotForgeALogLineNorKeepItsSecret) {
    auto const out =
        redact_target("/claim/abcDEF123.sig?t=s3cret&x\r\n2026-01-01 [info] forged sbt_zzz");
    EXPECT_EQ(out.find("abcDEF123"), std::string::npos) << out;
    EXPECT_EQ(out.find("s3cret"), std::string::npos) << out;
    EXPECT_EQ(out.find('\n'), std::string::npos) << out;
    EXPECT_EQ(out.find('\r'), std::string::npos) << out;
    EXPECT_EQ(out.rfind("/claim/[redacted]", 0), 0u) << out;
}

TEST(RedactTarget, ClaimLinkPathLosesItsToken) {
    EXPECT_EQ(redact_target("/claim/eyJwIjoxfQ.c2lnbmF0dXJl"), "/claim/[redacted]");
    EXPECT_EQ(redact_target("/claim/"), "/claim/");
}

TEST(RedactTarget, SigninLinkQueryValueGoesNamesStay) {
    EXPECT_EQ(redact_target("/web/signin?t=Zx81kQ_secret"), "/web/signin?t=[redacted]");
    EXPECT_EQ(redact_target("/api/v1/items?state=open&limit=5&empty="),
              "/api/v1/items?state=[redacted]&limit=[redacted]&empty=");
}

TEST(RedactTarget, ApiTokenAnywhereInThePathGoes) {
    EXPECT_EQ(redact_target("/x/sbt_AbC123-_xyz/y"), "/x/sbt_[redacted]/y");
}

TEST(RedactTarget, OrdinaryTargetsStayReadable) {
    EXPECT_EQ(redact_target("/webhooks/demo"), "/webhooks/demo");
    EXPECT_EQ(redact_target("/readyz"), "/readyz");
    EXPECT_EQ(redact_target(""), "");
}

TEST(RedactSecrets, BearerHeaderAccessTokenAndApiTokenGo) {
    EXPECT_EQ(redact_secrets("Authorization: Bearer sbt_abc123"),
              "Authorization: Bearer [redacted]");
    EXPECT_EQ(redact_secrets("GET https://m.example/_matrix/sync?access_token=syt_XYZ&since=1"),
              "GET https://m.example/_matrix/sync?access_token=[redacted]&since=1");
    EXPECT_EQ(redact_secrets("token sbt_Q9w8e7 refused"), "token sbt_[redacted] refused");
    EXPECT_EQ(redact_secrets("https://ntfy.sh/topic?token=tk_123"),
              "https://ntfy.sh/topic?token=[redacted]");
}

TEST(RedactSecrets, TextWithoutSecretsIsUnchanged) {
    EXPECT_EQ(redact_secrets("store: migrated var/switchboard.db"),
              "store: migrated var/switchboard.db");
}

} // namespace
} // namespace sb
