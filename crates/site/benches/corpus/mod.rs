//! The generated corpus the benchmarks build: realistic troubleshooting
//! pages with front matter, code in four languages, a table, a callout, a
//! task list, a footnote and links to other pages' anchors.

use std::path::Path;

/// Writes a site of `pages` pages (home included) under `root`.
pub(crate) fn generate_site(root: &Path, pages: usize) {
    let content = root.join("content");
    std::fs::create_dir_all(&content).expect("content dir");
    std::fs::write(
        root.join("site.toml"),
        "title = \"Bench\"\nbase-url = \"https://example.github.io/bench/\"\n",
    )
    .expect("site.toml");
    std::fs::write(
        content.join("index.md"),
        "# Bench home\n\nStart at [page 0](page-0.md#setup).\n",
    )
    .expect("index");
    for i in 0..pages - 1 {
        let next = (i + 1) % (pages - 1);
        let text = format!(
            r#"+++
title = "Troubleshooting topic {i}"
description = "Generated page {i} for the build benchmark."
weight = {i}
+++

# Troubleshooting topic {i}

Your request fails with **HTTP 401** and `missing_permissions`. This page, number {i}, walks through
the *usual* causes -- see [the next topic](page-{next}.md#verify) and [home](index.md).

> [!NOTE]
> Keys are shown in full only once, when created.

## Setup

1. Open **Settings → API Keys**.
2. Edit the key and enable `convai_write`.
3. Save, then restart.

```bash
export ELEVENLABS_API_KEY="sk_..."
curl -sS "https://api.elevenlabs.io/v1/convai/conversation/get-signed-url?agent_id=$AGENT" \
  -H "xi-api-key: $ELEVENLABS_API_KEY"
```

```python
import os
from elevenlabs.client import ElevenLabs

client = ElevenLabs(api_key=os.environ["ELEVENLABS_API_KEY"])
url = client.conversational_ai.conversations.get_signed_url(agent_id="agent_{i}")
print(url.signed_url[:20])
```

| Status | Code | Meaning |
| ------ | ---- | ------- |
| 401 | `missing_permissions` | key lacks a permission |
| 401 | `invalid_api_key` | key unknown |
| 429 | `too_many_concurrent_requests` | slow down |

## Verify

```json
{{"signed_url": "wss://api.elevenlabs.io/v1/convai/conversation?agent_id=agent_{i}"}}
```

```toml
[agent]
id = "agent_{i}"
retries = 3
```

- [x] key copied
- [ ] server restarted[^1]

[^1]: Environment variables are read once, at start-up.
"#
        );
        std::fs::write(content.join(format!("page-{i}.md")), text).expect("page");
    }
}
