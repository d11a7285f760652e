// Adopts an existing binding: `pulumi config set memberUin 100000000001`,
// `pulumi config set --secret email alice@example.com`, `pulumi config set --secret phone 13800138000`, `pulumi up`.
import { importExistingProgram } from "./program";

export const { bindId, bindStatus } = importExistingProgram();
