// Binds the email of every member listed in team.yaml.
import { join } from "node:path";
import { fromFileProgram } from "./program";

export const { bindIds } = fromFileProgram(join(__dirname, "team.yaml"));
