import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { serviceClock } from "../../provider/api/service-clock";

const DAY_MS = 24 * 60 * 60 * 1000;

/** A local endpoint whose answers carry `date` (or no Date header, when it answers undefined). */
async function endpoint(date: () => string | undefined): Promise<{ host: string; server: Server }> {
  const server = createServer((_request, response) => {
    response.sendDate = false;
    const value = date();
    if (value !== undefined) response.setHeader("Date", value);
    response.end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { host: `127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

const close = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));

test("follows an endpoint whose clock is days ahead, as it runs on", async () => {
  const { host, server } = await endpoint(() => new Date(Date.now() + 13 * DAY_MS).toUTCString());
  try {
    const clock = await serviceClock({ protocol: "http://", host });
    expect(Math.abs(clock().getTime() - (Date.now() + 13 * DAY_MS))).toBeLessThan(1500);
  } finally {
    await close(server);
  }
});

test.each([
  ["agrees within the header's second", () => new Date(Date.now() + 1000).toUTCString()],
  ["answers no Date", () => undefined],
  ["answers a Date that is not one", () => "yesterday"],
])("is this machine's clock when the endpoint %s", async (_case, date) => {
  const { host, server } = await endpoint(date);
  try {
    const clock = await serviceClock({ protocol: "http://", host });
    expect(Math.abs(clock().getTime() - Date.now())).toBeLessThan(50);
  } finally {
    await close(server);
  }
});

test("is this machine's clock when the endpoint does not answer", async () => {
  const { host, server } = await endpoint(() => undefined);
  await close(server);
  const clock = await serviceClock({ protocol: "http://", host });
  expect(Math.abs(clock().getTime() - Date.now())).toBeLessThan(50);
});
