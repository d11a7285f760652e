#!/usr/bin/env node
/**
 * Command line of the emulator: `npx tencentcloud-organization-emulator` (`npm run emulator` here). Prints
 * `Emulator listening on http://127.0.0.1:PORT` once it accepts requests, so other programs can wait for
 * that line, and stops cleanly on SIGINT or SIGTERM. Its data survives a restart, and SIGKILL loses no
 * answered change.
 */
import { startEmulator } from "./index";
import { CLI_USAGE, parseCliArguments } from "./cli-arguments";

async function main(): Promise<void> {
  let command;
  try {
    command = parseCliArguments(process.argv.slice(2), process.env, process.cwd());
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n\n${CLI_USAGE}`);
    process.exitCode = 2;
    return;
  }
  if (command.kind === "help") {
    console.log(CLI_USAGE);
    return;
  }

  const emulator = await startEmulator(command.options);
  const stop = (signal: NodeJS.Signals): void => {
    console.log(`Received ${signal}, stopping the emulator.`);
    emulator.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);

  console.log(`Emulator listening on ${emulator.url}`);
  console.log(
    [
      `Data file: ${command.options.dataFile} (SQLite through ${emulator.storage})`,
      `Credentials: SecretId ${emulator.secretId}, SecretKey ${emulator.secretKey} (the demo pair; not a real key)`,
      "",
      "Point the provider at it:",
      `  export TENCENTCLOUD_ORGANIZATION_ENDPOINT=${emulator.url}`,
      `  export TENCENTCLOUD_SECRET_ID=${emulator.secretId}`,
      `  export TENCENTCLOUD_SECRET_KEY=${emulator.secretKey}`,
      ...(command.options.roles !== undefined || command.options.webIdentityTokens !== undefined
        ? [
            "STS answers on the same URL (the roles and OIDC tokens of the flags):",
            `  export TENCENTCLOUD_STS_ENDPOINT=${emulator.url}`,
          ]
        : []),
      ...(command.options.policies !== undefined
        ? [
            `CAM: only what the policies of --policy allow (${Object.keys(command.options.policies).length} principal(s)); ` +
              "any other Organization action is answered AuthFailure.UnauthorizedOperation.",
          ]
        : []),
      "",
      "Activate a member's binding (what the member does from the email):",
      `  curl -X POST ${emulator.url}/emulator/activate -H 'Content-Type: application/json' -d '{"MemberUin": 100000000001}'`,
      "",
      "Move the emulator's clock 16 days forward (an activation link expires after 15):",
      `  curl -X POST ${emulator.url}/emulator/advance-clock -H 'Content-Type: application/json' -d '{"Seconds": 1382400}'`,
      "",
      "Press Ctrl+C to stop.",
    ].join("\n"),
  );
}

main().catch((error: unknown) => {
  console.error(`The emulator could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
