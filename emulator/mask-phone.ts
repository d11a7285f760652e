/**
 * Masks a phone number the way DescribeOrganizationMemberEmailBind documents it (`"18***32"`): the first
 * two digits, three stars, the last two digits. Written here rather than shared with the provider so the
 * emulator checks the provider's own idea of the mask.
 */
export function maskPhone(phone: string): string {
  if (phone === "") {
    return "";
  }
  return `${phone.slice(0, 2)}***${phone.slice(-2)}`;
}
