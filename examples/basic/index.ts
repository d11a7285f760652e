// The program `pulumi up` runs from the repository's root (see Pulumi.yaml).
import { basicProgram } from "./program";

export const { bindId, bindStatus } = basicProgram();
