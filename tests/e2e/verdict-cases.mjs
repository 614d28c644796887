// One way to reach each verdict card on the mock API (see `cargo xtask
// mock-site`): a key with the working agent id, or the working key with an
// agent id; `host: "dead"` picks the host that refuses connections. Used by
// the axe audits of every card and by shots.mjs.
const KEY = "sk_0000000000000000000000000000000000000000000000a1";
const AGENT = "agent_01jtestagent0000000000000";
const key = (k) => ({ key: k, agent: AGENT });
const agent = (a) => ({ key: KEY, agent: a });
// [verdict id (or what the card shows), input, whether to run the permission report]
export const VERDICT_CASES = [
  ["works", key(KEY), true],
  ["missing-permission", key("sk_0000000000000000000000000000000000000000000000b2"), true],
  ["missing-permission-unnamed", agent("agent_scope_unnamed")],
  ["invalid-key", key("sk_00000000000000000000000000000000000000000000000f")],
  ["key-not-accepted", agent("agent_401_plain")],
  ["key-refused-code", agent("agent_401_code")],
  ["key-removed", agent("agent_strip_key")],
  ["out-of-credits", key("sk_0000000000000000000000000000000000000000000000c3")],
  ["unusual-activity", key("sk_0000000000000000000000000000000000000000000000d4")],
  ["ip-allowlist", key("sk_0000000000000000000000000000000000000000000000e5")],
  ["forbidden", agent("agent_forbidden")],
  ["agent-access", agent("agent_other_workspace")],
  ["agent-not-found", agent("agent_unknown")],
  ["agent-id-rejected", agent("agent_invalid")],
  ["not-found", agent("agent_string404")],
  ["rate-limited", agent("agent_rate_date")],
  ["server-error", agent("agent_json500")],
  ["challenge-page", agent("agent_challenge")],
  ["security-block", agent("agent_waf_cloudflare")],
  ["web-page", agent("agent_portal")],
  ["web-page-not-found", agent("agent_html404")],
  ["gateway-error", agent("agent_html502")],
  ["redirect", agent("agent_redirect")],
  ["followed", agent("agent_moved")],
  ["unexpected-success", agent("agent_token200")],
  ["unrecognised", agent("agent_teapot")],
  ["blocked", { ...key(KEY), host: "dead" }],
  ["cut-off", agent("agent_cut")],
  ["timeout", agent("agent_hang")],
  ["field-marked", { key: "", agent: AGENT }],
  // Notes about the fields, worded by the <template data-note> templates:
  // another vendor's key and a space in the agent id (both fields marked),
  // a look-alike character, and debris cleaned off before a working check.
  ["notes-other-vendor", { key: "sk-proj-AbCdEf0123456789AbCdEf0123456789", agent: "my agent" }],
  ["notes-look-alike", { key: KEY.replace("a1", "\u0430" + "1"), agent: AGENT }],
  ["notes-cleaned", { key: `  "Bearer ${KEY}" `, agent: ` ELEVENLABS_AGENT_ID='${AGENT}' ` }],
];
