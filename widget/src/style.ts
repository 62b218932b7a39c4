// The widget's stylesheet, inside its shadow root (the store's page styles never reach it).
// `[hidden]` wins over every display rule below: a section that is not due is never shown.
// Colours from the store's accent come from the server's one rule (Contrast.palette, WCAG 2 contrast, as in the help
// center): --on-accent for every text and icon drawn on the accent, --accent-text for the accent as text or outline on white.
export const STYLE = `
  :host { all: initial; --accent: #2563eb; --on-accent: #ffffff; --accent-text: #2563eb; }
  [hidden] { display: none !important; }
  * { box-sizing: border-box; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
  .bubble { position: fixed; bottom: 20px; right: 20px; width: 56px; height: 56px; border-radius: 50%; border: 0;
    background: var(--accent); color: var(--on-accent); font-size: 26px; cursor: pointer; box-shadow: 0 4px 14px rgba(0,0,0,.25); z-index: 2147483646; }
  .left .bubble, .left .panel { right: auto; left: 20px; }
  .bubble:focus-visible, button:focus-visible, input:focus-visible, textarea:focus-visible, a:focus-visible { outline: 3px solid #f59e0b; outline-offset: 2px; }
  .panel { position: fixed; right: 20px; bottom: 88px; width: 380px; max-width: calc(100vw - 24px); height: 600px;
    max-height: calc(100vh - 110px); background: #fff; border-radius: 14px; box-shadow: 0 8px 30px rgba(0,0,0,.25);
    display: none; flex-direction: column; overflow: hidden; z-index: 2147483647; color: #1f2937; }
  .panel.open { display: flex; }
  header { flex: none; background: var(--accent); color: var(--on-accent); padding: 12px 16px; display: flex; justify-content: space-between; align-items: center; gap: 8px; }
  header h2 { font-size: 16px; margin: 0; }
  header .status { font-size: 12px; margin: 2px 0 0; opacity: .95; }
  header button { background: none; border: 0; color: var(--on-accent); font-size: 24px; cursor: pointer; line-height: 1; padding: 4px 8px; }
  .offline { flex: none; background: #fffbeb; color: #92400e; font-size: 13px; padding: 8px 12px; margin: 0; }
  .log { flex: 1 1 auto; min-height: 0; overflow-y: auto; padding: 12px; background: #f6f7f9; }
  .msg { max-width: 85%; margin: 8px 0 2px; padding: 8px 11px; border-radius: 12px; white-space: pre-wrap; overflow-wrap: anywhere; font-size: 14px; line-height: 1.4; }
  .msg a { color: inherit; text-decoration: underline; }
  .customer { margin-left: auto; background: var(--accent); color: var(--on-accent); border-bottom-right-radius: 3px; }
  .assistant, .agent { background: #fff; border: 1px solid #e5e7eb; border-bottom-left-radius: 3px; }
  .system { margin: 10px auto; max-width: 95%; background: #eef2ff; color: #3730a3; font-size: 13px; text-align: center; }
  .meta { display: block; font-size: 11px; margin-bottom: 3px; color: #4b5563; white-space: nowrap; }
  .customer .meta { color: var(--on-accent); text-align: right; }
  .meta b { font-weight: 600; }
  .ai { background: #6d28d9; color: #fff; border-radius: 4px; padding: 0 4px; margin-right: 4px; font-size: 10px; font-weight: 700; }
  .msg img { display: block; max-width: 100%; max-height: 200px; border-radius: 8px; margin-top: 4px; }
  .choices { display: flex; flex-direction: column; align-items: flex-start; gap: 4px; margin-top: 6px; }
  .choices button { border: 1px solid var(--accent-text); color: var(--accent-text); background: #fff; border-radius: 12px; padding: 3px 10px;
    font-size: 13px; cursor: pointer; text-align: left; white-space: normal; }
  .choices button:disabled { opacity: .5; cursor: default; }
  .receipt, .typing { font-size: 11px; color: #4b5563; text-align: right; margin: 0 4px; min-height: 14px; }
  .typing { flex: none; text-align: left; padding: 0 12px; margin: 2px 0; }
  form.send { flex: none; display: flex; gap: 6px; padding: 10px; border-top: 1px solid #e5e7eb; align-items: center; background: #fff; }
  textarea { flex: 1; resize: none; border: 1px solid #9ca3af; border-radius: 8px; padding: 8px; font-size: 16px; height: 42px; min-width: 0; }
  button.primary { background: var(--accent); color: var(--on-accent); border: 0; border-radius: 8px; padding: 0 14px; height: 42px; cursor: pointer; font-size: 14px; }
  label.attach { cursor: pointer; padding: 0 4px; color: #4b5563; display: flex; }
  .bubble svg { vertical-align: middle; }
  label.attach input { position: absolute; width: 1px; height: 1px; opacity: 0; }
  form.prechat { flex: 1 1 auto; overflow-y: auto; padding: 16px; display: flex; flex-direction: column; gap: 10px; }
  form.prechat p { margin: 0; font-size: 14px; }
  form.prechat label { font-size: 13px; display: flex; flex-direction: column; gap: 4px; }
  form.prechat input, .survey textarea { border: 1px solid #9ca3af; border-radius: 8px; padding: 8px; font-size: 16px; }
  form.prechat .skip { background: none; border: 0; color: #1d4ed8; text-decoration: underline; cursor: pointer; font-size: 13px; align-self: center; }
  .survey { flex: none; background: #fff; border-top: 1px solid #e5e7eb; padding: 10px 12px; display: flex; flex-direction: column; gap: 8px; }
  .survey p { margin: 0; font-size: 14px; }
  .survey .thumbs { display: flex; gap: 8px; }
  .survey .thumbs button { display: inline-flex; align-items: center; gap: 6px; font: inherit; font-size: 14px; color: #111827; border: 1px solid #9ca3af; background: #fff; border-radius: 8px; padding: 6px 14px; cursor: pointer; }
  .survey .thumbs button[aria-pressed=true] { border: 2px solid var(--accent-text); background: #f3f4f6; }
  .survey .thumbs button[aria-disabled=true] { cursor: default; }
  .survey .thumbs button[aria-disabled=true][aria-pressed=false] { opacity: .45; }
  .survey .thanks:empty { display: none; }
  .survey .comment { display: flex; flex-direction: column; gap: 6px; }
  .survey .send-comment { align-self: flex-end; height: 36px; }
  .transcript { flex: none; background: #fff; border-top: 1px solid #e5e7eb; padding: 6px 12px; font-size: 13px; }
  .transcript-open, .transcript .cancel { background: none; border: 0; color: #1d4ed8; text-decoration: underline; cursor: pointer; font-size: 13px; padding: 4px 0; }
  .transcript-form { display: flex; flex-direction: column; gap: 6px; padding: 4px 0; }
  .transcript-form label { display: flex; flex-direction: column; gap: 4px; }
  .transcript-form input { border: 1px solid #9ca3af; border-radius: 8px; padding: 8px; font-size: 16px; }
  .transcript-form .row { display: flex; gap: 12px; align-items: center; }
  .transcript-done { margin: 0; color: #065f46; }
  .transcript-done:empty { display: none; }
  .error { flex: none; color: #b91c1c; font-size: 12px; padding: 0 12px; }
  .error:empty { display: none; }
  .sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
  @media (max-width: 480px) {
    .panel, .left .panel { right: 0; left: 0; bottom: 0; top: 0; width: 100vw; max-width: 100vw; height: 100%; max-height: 100%; border-radius: 0; }
    .is-open .bubble { display: none; }
  }
`;
