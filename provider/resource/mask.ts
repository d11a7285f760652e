import { sameEmail } from "./validate";

/**
 * The API shows a phone masked: the first two digits, `***`, the last two (`18***32`). State keeps the
 * full phone the program declared, so comparing the two goes through the same mask.
 */
export function maskPhone(phone: string): string {
  return `${phone.slice(0, 2)}***${phone.slice(-2)}`;
}

/** Whether a phone value is already a masked one, such as a phone read back from the API. */
export function isMaskedPhone(phone: string): boolean {
  return phone.includes("*");
}

/** Whether `phone` (full or masked) can be the phone the API shows as `shown`. */
export function phoneMatches(phone: string, shown: string): boolean {
  return phone === shown || (!isMaskedPhone(phone) && maskPhone(phone) === shown);
}

/** An email with its local part hidden but for its first character (`a***@example.com`), for messages. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf("@");
  if (at <= 0) return "***";
  return `${email[0]}***${email.slice(at)}`;
}

/** Whether an email is one the API answered masked, such as `12***@qq.com`. */
export function isMaskedEmail(email: string): boolean {
  return email.includes("*");
}

/**
 * Whether `email` (as declared) can be the address the API shows as `shown`, ignoring letter case as Tencent
 * Cloud does. A masked address (`12***@qq.com`) keeps some characters before and after its `*` run: the
 * declared address matches when it starts and ends with those, whatever the mask's exact shape.
 */
export function emailMatches(email: string, shown: string): boolean {
  if (sameEmail(email, shown)) return true;
  const declared = email.toLowerCase();
  const answer = shown.toLowerCase();
  if (!isMaskedEmail(answer) || isMaskedEmail(declared)) return false;
  const first = answer.indexOf("*");
  const prefix = answer.slice(0, first);
  const suffix = answer.slice(answer.lastIndexOf("*") + 1);
  return declared.length >= prefix.length + suffix.length && declared.startsWith(prefix) && declared.endsWith(suffix);
}
