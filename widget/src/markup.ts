// The widget's markup (static: every piece of data is set later through textContent).
// Sections start hidden; `sections()` in view.ts decides which are due.
// Thumbs drawn, not emoji: a device without an emoji font shows empty boxes (paths: Feather icons, MIT).
const THUMB_UP = "M14 9V5a3 3 0 0 0-3-3l-4 9v11h11.28a2 2 0 0 0 2-1.7l1.38-9a2 2 0 0 0-2-2.3zM7 22H4a2 2 0 0 1-2-2v-7a2 2 0 0 1 2-2h3";
const THUMB_DOWN = "M10 15v4a3 3 0 0 0 3 3l4-9V2H5.72a2 2 0 0 0-2 1.7l-1.38 9a2 2 0 0 0 2 2.3zm7-13h2.67A2.31 2.31 0 0 1 22 4v7a2.31 2.31 0 0 1-2.33 2H17";
const thumb = (d: string) => `<svg aria-hidden="true" width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"><path d="${d}"/></svg>`;

export const MARKUP = `
<div class="frame">
<button class="bubble" type="button" aria-label="Open chat" aria-expanded="false" aria-controls="handoff-panel"><svg aria-hidden="true" width="26" height="26" viewBox="0 0 24 24" fill="currentColor"><path d="M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2z"/></svg></button>
<section class="panel" id="handoff-panel" role="dialog" aria-modal="false" aria-labelledby="handoff-title">
  <header>
    <div><h2 class="title" id="handoff-title">Chat with us</h2><p class="status" aria-live="polite"></p></div>
    <button type="button" class="close" aria-label="Close chat">×</button>
  </header>
  <p class="offline" hidden></p>
  <form class="prechat" hidden>
    <p class="intro"></p>
    <label>Name <input name="name" autocomplete="name" maxlength="200"></label>
    <label>Email <input name="email" type="email" autocomplete="email" maxlength="254"></label>
    <button class="primary" type="submit">Continue</button>
    <button class="skip" type="button">Skip</button>
  </form>
  <div class="log" role="log" aria-live="polite" aria-label="Messages" tabindex="0" hidden></div>
  <p class="typing" aria-live="polite" hidden></p>
  <div class="survey" hidden>
    <p class="ask">How did we do?</p>
    <div class="thumbs" role="group" aria-label="Rate this conversation"><button type="button" data-rating="up" aria-pressed="false">${thumb(THUMB_UP)}Good</button><button type="button" data-rating="down" aria-pressed="false">${thumb(THUMB_DOWN)}Bad</button></div>
    <p class="thanks" role="status"></p>
    <div class="comment">
      <textarea name="comment" aria-label="Comment (optional)" placeholder="Anything to add? (optional)" maxlength="2000"></textarea>
      <button type="button" class="primary send-comment" hidden>Send comment</button>
    </div>
  </div>
  <div class="transcript" hidden>
    <button type="button" class="transcript-open">Email me a transcript</button>
    <form class="transcript-form" hidden novalidate>
      <label>Email for the transcript <input name="email" type="email" autocomplete="email" maxlength="254" required></label>
      <div class="row"><button class="primary" type="submit">Send transcript</button><button class="cancel" type="button">Cancel</button></div>
    </form>
    <p class="transcript-done" role="status"></p>
  </div>
  <div class="error" role="alert"></div>
  <form class="send" hidden>
    <label class="attach" title="Send a photo"><svg aria-hidden="true" width="22" height="22" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round"><path d="M21 11.5l-8.6 8.6a5 5 0 0 1-7.1-7.1l8.6-8.6a3.3 3.3 0 0 1 4.7 4.7l-8.6 8.6a1.7 1.7 0 0 1-2.4-2.4l7.9-7.9"/></svg><span class="sr">Send a photo or PDF</span><input type="file" name="file" accept="image/*,application/pdf"></label>
    <textarea name="text" aria-label="Message" placeholder="Type your message…" maxlength="20000"></textarea>
    <button class="primary" type="submit">Send</button>
  </form>
</section>
</div>`;
