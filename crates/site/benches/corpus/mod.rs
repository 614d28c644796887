//! The generated corpus the benchmarks build: realistic troubleshooting
//! pages with front matter, code in four languages, a table, a callout, a
//! task list, a footnote and links to other pages' anchors, in sections
//! two deep (parts of ten chapters of up to 100 pages, each folder with its
//! index page), as a large docs site is laid out.

use std::path::Path;

/// A fresh directory for a generated site: on tmpfs when there is one
/// (creating thousands of inodes on this machine's ext4 costs more than
/// rendering them, and that is the disk's figure, not the generator's).
pub(crate) fn scratch_dir() -> tempfile::TempDir {
    let shm = Path::new("/dev/shm");
    if shm.is_dir() {
        tempfile::tempdir_in(shm)
    } else {
        tempfile::tempdir()
    }
    .expect("temp dir")
}

/// Content pages per chapter, and chapters per part.
const PAGES_PER_CHAPTER: usize = 100;
const CHAPTERS_PER_PART: usize = 10;

/// The content files of a site of `pages` pages, home and section index
/// pages included: `(key, Some(n))` for topic page `n`, `(key, None)` for
/// index pages.
pub(crate) fn layout(pages: usize) -> Vec<(String, Option<usize>)> {
    let mut files = vec![("index.md".to_owned(), None)];
    let (mut topic, mut part_open, mut chapter_open) = (0, None, None);
    while files.len() < pages {
        let chapter = topic / PAGES_PER_CHAPTER;
        let part = chapter / CHAPTERS_PER_PART;
        if part_open != Some(part) {
            files.push((format!("part-{part}/index.md"), None));
            part_open = Some(part);
        } else if chapter_open != Some(chapter) {
            files.push((format!("part-{part}/chapter-{chapter}/index.md"), None));
            chapter_open = Some(chapter);
        } else {
            let key = format!("part-{part}/chapter-{chapter}/page-{topic}.md");
            files.push((key, Some(topic)));
            topic += 1;
        }
    }
    files
}

/// `to` (a key under `content/`) as a relative link from the page `from`.
fn relative(from: &str, to: &str) -> String {
    let depth = from.matches('/').count();
    format!("{}{to}", "../".repeat(depth))
}

/// Writes a site of `pages` pages (home and section pages included) under
/// `root`.
pub(crate) fn generate_site(root: &Path, pages: usize) {
    let content = root.join("content");
    std::fs::create_dir_all(&content).expect("content dir");
    std::fs::write(
        root.join("site.toml"),
        "title = \"Bench\"\nbase-url = \"https://example.github.io/bench/\"\n",
    )
    .expect("site.toml");
    let files = layout(pages);
    let topics: Vec<&str> = files
        .iter()
        .filter(|(_, topic)| topic.is_some())
        .map(|(key, _)| key.as_str())
        .collect();
    for (key, topic) in &files {
        let path = content.join(key);
        std::fs::create_dir_all(path.parent().expect("a folder")).expect("section dir");
        let text = match topic {
            None if key == "index.md" => match topics.first() {
                Some(first) => {
                    format!("# Bench home\n\nStart at [the first topic]({first}#setup).\n")
                }
                None => "# Bench home\n".to_owned(),
            },
            None => {
                let name = key.trim_end_matches("/index.md").replace('/', " ");
                format!("+++\ntitle = \"{name}\"\n+++\n\nThe topics of {name}.\n")
            }
            Some(i) => topic_page(key, *i, &topics),
        };
        std::fs::write(path, text).expect("page");
    }
}

fn topic_page(key: &str, i: usize, topics: &[&str]) -> String {
    let next = relative(key, topics[(i + 1) % topics.len()]);
    let home = relative(key, "index.md");
    format!(
        r#"+++
title = "Troubleshooting topic {i}"
description = "Generated page {i} for the build benchmark."
weight = {i}
+++

# Troubleshooting topic {i}

Your request fails with **HTTP 401** and `missing_permissions`. This page, number {i}, walks through
the *usual* causes -- see [the next topic]({next}#verify) and [home]({home}).

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
    )
}
