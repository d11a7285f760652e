import {
  emailMatches,
  isMaskedEmail,
  isMaskedPhone,
  maskEmail,
  maskPhone,
  phoneMatches,
} from "../../provider/resource/mask";

describe("phones as the API shows them", () => {
  test("a phone is shown as its first two digits, *** and its last two", () => {
    expect(maskPhone("13800138000")).toBe("13***00");
    expect(maskPhone("2025550123")).toBe("20***23");
  });

  test("a phone with a * is one the API answered masked; a declared phone has none", () => {
    expect(isMaskedPhone("13***00")).toBe(true);
    expect(isMaskedPhone("13800138000")).toBe(false);
  });

  test("a declared phone matches the masked phone the API shows for it, and no other", () => {
    expect(phoneMatches("13800138000", "13***00")).toBe(true);
    expect(phoneMatches("13800138000", "13800138000")).toBe(true);
    expect(phoneMatches("13800138000", "13***99")).toBe(false);
    expect(phoneMatches("15900138000", "13***00")).toBe(false);
  });

  test("a masked phone in state matches only the same masked phone, never one it would mask to", () => {
    expect(phoneMatches("13***00", "13***00")).toBe(true);
    expect(phoneMatches("13****00", "13***00")).toBe(false);
  });
});

describe("emails in messages", () => {
  test("show the first character of the local part and the whole domain", () => {
    expect(maskEmail("alice.private@example.com")).toBe("a***@example.com");
    expect(maskEmail("a@example.com")).toBe("a***@example.com");
  });

  test("the domain is the part after the last @", () => {
    expect(maskEmail('"a@b"@example.com')).toBe('"***@example.com');
  });

  test("an address with nothing before its @, or no @ at all, is hidden whole", () => {
    expect(maskEmail("@example.com")).toBe("***");
    expect(maskEmail("alice.example.com")).toBe("***");
    expect(maskEmail("")).toBe("***");
  });
});

describe("emails as the API shows them", () => {
  test("an email with a * is one the API answered masked", () => {
    expect(isMaskedEmail("12***@qq.com")).toBe(true);
    expect(isMaskedEmail("12345@qq.com")).toBe(false);
  });

  test("the same address matches whatever its letter case", () => {
    expect(emailMatches("Alice@Example.COM", "alice@example.com")).toBe(true);
    expect(emailMatches("alice@example.com", "bob@example.com")).toBe(false);
  });

  test("a declared address matches a masked answer that shows its start and its end", () => {
    expect(emailMatches("12345@qq.com", "12***@qq.com")).toBe(true);
    expect(emailMatches("12345@QQ.com", "12***@qq.COM")).toBe(true);
    expect(emailMatches("12345@qq.com", "1*@qq.com")).toBe(true);
  });

  test("a declared address whose start or end differs from what the mask shows does not match", () => {
    expect(emailMatches("99345@qq.com", "12***@qq.com")).toBe(false);
    expect(emailMatches("12345@163.com", "12***@qq.com")).toBe(false);
  });

  test("the characters shown around the mask are distinct characters of the declared address", () => {
    // "ab" + "b@x.com" overlap in "ab@x.com": the mask shows 9 characters, more than the address has.
    expect(emailMatches("ab@x.com", "ab***b@x.com")).toBe(false);
    // Every character shown, none hidden: still the address.
    expect(emailMatches("abc@x.com", "ab***c@x.com")).toBe(true);
  });

  test("a declared address containing a * is compared as it is, never read as a mask", () => {
    expect(emailMatches("12x*@qq.com", "12***@qq.com")).toBe(false);
  });
});
