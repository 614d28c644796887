// Live reload (served by `site serve` only). Follows the build
// status; after a good build it swaps the page's layout in place (no full
// reload, no flash), after a failed one it shows the error over the page.
(() => {
  const script = document.currentScript;
  const events = new EventSource(new URL("events", script.src));
  let generation = null;
  events.addEventListener("open", () => {
    document.documentElement.dataset.liveReload = "connected";
  });

  const overlay = () => {
    let box = document.getElementById("site-live-overlay");
    if (!box) {
      box = document.createElement("div");
      box.id = "site-live-overlay";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;inset:auto 1rem 1rem 1rem;z-index:9999;max-height:50vh;overflow:auto;" +
        "background:#fff1f0;color:#5c0011;border:2px solid #a8071a;border-radius:6px;padding:1rem;font:14px/1.4 monospace;";
      const title = document.createElement("strong");
      title.textContent = "Build failed; still showing the last good version.";
      const text = document.createElement("pre");
      text.style.cssText = "white-space:pre-wrap;margin:.5rem 0 0";
      box.append(title, text);
      document.body.append(box);
    }
    return box;
  };

  const refresh = async () => {
    if (document.getElementById("checker")) {
      location.reload(); // the checker's wasm must start again
      return;
    }
    const response = await fetch(location.href, { cache: "no-store" });
    const next = new DOMParser().parseFromString(await response.text(), "text/html");
    const layout = document.querySelector(".layout");
    const nextLayout = next.querySelector(".layout");
    if (!layout || !nextLayout) {
      location.reload();
      return;
    }
    const css = document.querySelector('link[rel="stylesheet"]');
    const nextCss = next.querySelector('link[rel="stylesheet"]');
    if (css && nextCss && css.getAttribute("href") !== nextCss.getAttribute("href")) {
      css.setAttribute("integrity", nextCss.getAttribute("integrity") ?? "");
      css.setAttribute("href", nextCss.getAttribute("href"));
    }
    document.title = next.title;
    layout.replaceWith(document.adoptNode(nextLayout));
    document.documentElement.dataset.liveReloads = String(Number(document.documentElement.dataset.liveReloads ?? 0) + 1);
  };

  events.addEventListener("status", async (event) => {
    const status = JSON.parse(event.data);
    if (status.error) {
      overlay().querySelector("pre").textContent = status.error;
      return;
    }
    document.getElementById("site-live-overlay")?.remove();
    if (generation !== null && status.generation !== generation) await refresh();
    generation = status.generation;
  });
})();
