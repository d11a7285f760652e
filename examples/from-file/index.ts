// Binds the email of every member listed in team.yaml, or in the file named by `pulumi config set teamFile FILE`
// (such as one written by `npx pulumi-tencentcloud-member-email discover --out org.yaml`).
// `pulumi config set activationReminder "$(date +%G-W%V)"` (the ISO week, such as 2026-W49, changed every week:
// a link expires 15 days after it was last sent) reminds everyone who has not activated.
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { fromFileProgram } from "./program";

const config = new pulumi.Config();
export const { bindIds } = fromFileProgram(config.get("teamFile") ?? join(__dirname, "team.yaml"), {
  activationReminder: config.get("activationReminder"),
});
