/**
 * The masks DescribeOrganizationMemberEmailBind applies. Written here rather than shared with the provider
 * so that the emulator checks the provider's own idea of each mask.
 */

/**
 * Masks a phone number the way DescribeOrganizationMemberEmailBind documents it (`"18***32"`): the first
 * two digits, three stars, the last two digits.
 */
export function maskPhone(phone: string): string {
  if (phone === "") {
    return "";
  }
  return `${phone.slice(0, 2)}***${phone.slice(-2)}`;
}

/**
 * Masks an email the way one of Tencent's own examples shows it (`12***@qq.com`): the first two characters
 * before the @, three stars, then the @ and the domain unchanged.
 */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf("@");
  if (at === -1) {
    return email === "" ? "" : `${email.slice(0, 2)}***`;
  }
  return `${email.slice(0, Math.min(2, at))}***${email.slice(at)}`;
}
