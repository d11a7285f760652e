/**
 * `text` without the UTF-8 byte-order mark it may start with. Windows editors (Notepad, PowerShell 5's
 * `Out-File -Encoding utf8`) write one, `readFileSync(file, "utf8")` keeps it as U+FEFF, and `JSON.parse` refuses
 * it as an unexpected character: a report or stack export saved there is still the same JSON.
 */
export function withoutByteOrderMark(text: string): string {
  return text.startsWith("\uFEFF") ? text.slice(1) : text;
}
