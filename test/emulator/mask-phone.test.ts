import { maskPhone } from "../../emulator/mask-phone";

describe("maskPhone", () => {
  it("keeps the first two and last two digits around three stars, as the documented 18***32", () => {
    expect(maskPhone("18812345632")).toBe("18***32");
  });

  it("hides the middle of every length the API accepts the same way", () => {
    expect(maskPhone("61234567")).toBe("61***67");
    expect(maskPhone("123456789012345")).toBe("12***45");
    expect(maskPhone("1234")).toBe("12***34");
  });

  it("leaves an empty phone empty", () => {
    expect(maskPhone("")).toBe("");
  });
});
