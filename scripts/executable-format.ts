/**
 * What can be read of a single executable without running it: its format (ELF, Mach-O, PE) and architecture,
 * whether Node.js's single-executable blob is where that format's Node.js looks for it, whether the fuse that
 * makes Node.js look is flipped, and, for Mach-O, whether it carries a code signature. The release checks the
 * platforms it cannot run here with it (scripts/plugin-proofs.ts).
 */
import { readFileSync } from "node:fs";

/** What an executable is, as read from its headers. */
export interface ExecutableFormat {
  /** `ELF`, `Mach-O` or `PE` (64-bit only: the plugin is built for 64-bit platforms alone). */
  readonly format: "ELF" | "Mach-O" | "PE";
  /** Pulumi's name of the architecture: `amd64` or `arm64` (anything else as the header's number). */
  readonly arch: string;
  /** The application blob is where Node.js looks for it, and starts with the blob's magic number. */
  readonly seaBlob: boolean;
  /** The fuse postject flips (`NODE_SEA_FUSE_...:1`): without it Node.js ignores the blob. */
  readonly fuseFlipped: boolean;
  /** Mach-O only: an LC_CODE_SIGNATURE load command is there (macOS on arm64 runs only signed code). */
  readonly codeSignature?: boolean;
}

/** The fuse Node.js's single-executable support looks for, flipped by postject (scripts/package-plugin.js). */
const flippedFuse = "NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2:1";
/** The first word of a single-executable blob (Node.js's src/node_sea.h, kMagic). */
const seaMagic = 0x0143da20;

/** A NUL-padded fixed-size name in a header. */
const fixedName = (bytes: Buffer, at: number, length: number): string =>
  bytes.toString("latin1", at, at + length).replace(/\0+$/, "");

/** Whether `bytes` holds a blob at `offset`, read by its magic number. */
const blobAt = (bytes: Buffer, offset: number): boolean =>
  offset > 0 && offset + 4 <= bytes.length && bytes.readUInt32LE(offset) === seaMagic;

/** ELF64: e_machine 0x3e (x86-64) or 0xb7 (AArch64); postject puts the blob in a PT_NOTE, found by its magic. */
function elf(bytes: Buffer): ExecutableFormat {
  if (bytes[4] !== 2) throw new Error("an ELF file, but not 64-bit");
  const machine = bytes.readUInt16LE(18);
  const arch = machine === 0x3e ? "amd64" : machine === 0xb7 ? "arm64" : `e_machine 0x${machine.toString(16)}`;
  const magic = Buffer.alloc(4);
  magic.writeUInt32LE(seaMagic);
  // The note's name is NODE_SEA_BLOB; its descriptor (the blob) follows the name, 4-byte aligned.
  const name = bytes.indexOf("NODE_SEA_BLOB\0");
  const blob = name < 0 ? -1 : name + Math.ceil("NODE_SEA_BLOB\0".length / 4) * 4;
  return { format: "ELF", arch, seaBlob: blobAt(bytes, blob), fuseFlipped: bytes.includes(flippedFuse) };
}

/**
 * Mach-O 64 (magic 0xfeedfacf): cputype 0x01000007 (x86_64) or 0x0100000c (arm64); the blob in section
 * __NODE_SEA_BLOB of segment NODE_SEA (postject's --macho-segment-name, where Node.js looks on macOS).
 */
function machO(bytes: Buffer): ExecutableFormat {
  const cputype = bytes.readUInt32LE(4);
  const arch =
    cputype === 0x01000007 ? "amd64" : cputype === 0x0100000c ? "arm64" : `cputype 0x${cputype.toString(16)}`;
  const commands = bytes.readUInt32LE(16);
  let seaBlob = false;
  let codeSignature = false;
  let at = 32; // sizeof(mach_header_64)
  for (let index = 0; index < commands; index++) {
    const command = bytes.readUInt32LE(at);
    const size = bytes.readUInt32LE(at + 4);
    if (command === 0x19 /* LC_SEGMENT_64 */ && fixedName(bytes, at + 8, 16) === "NODE_SEA") {
      const sections = bytes.readUInt32LE(at + 64);
      for (let section = 0; section < sections; section++) {
        const header = at + 72 + section * 80; // sizeof(segment_command_64), sizeof(section_64)
        if (fixedName(bytes, header, 16) === "__NODE_SEA_BLOB") {
          seaBlob = blobAt(bytes, bytes.readUInt32LE(header + 48));
        }
      }
    }
    if (command === 0x1d /* LC_CODE_SIGNATURE */) codeSignature = true;
    at += size;
  }
  return { format: "Mach-O", arch, seaBlob, fuseFlipped: bytes.includes(flippedFuse), codeSignature };
}

/**
 * PE32+ ("MZ", then "PE\0\0" at e_lfanew): machine 0x8664 (x64) or 0xaa64 (ARM64); the blob as the RT_RCDATA
 * resource named NODE_SEA_BLOB, where Node.js looks on Windows (FindResource).
 */
function pe(bytes: Buffer): ExecutableFormat {
  const header = bytes.readUInt32LE(0x3c);
  if (bytes.toString("latin1", header, header + 4) !== "PE\0\0") throw new Error("MZ without a PE header");
  const machine = bytes.readUInt16LE(header + 4);
  const arch = machine === 0x8664 ? "amd64" : machine === 0xaa64 ? "arm64" : `machine 0x${machine.toString(16)}`;
  const sectionCount = bytes.readUInt16LE(header + 6);
  const optional = header + 24;
  if (bytes.readUInt16LE(optional) !== 0x20b) throw new Error("a PE file, but not PE32+ (64-bit)");
  // The resource table is data directory 2; the directories start 112 bytes into a PE32+ optional header.
  const resourceRva = bytes.readUInt32LE(optional + 112 + 2 * 8);
  const sections = optional + bytes.readUInt16LE(header + 20);
  /** The file offset of a relative virtual address, through the section that maps it. */
  const offsetOf = (rva: number): number => {
    for (let index = 0; index < sectionCount; index++) {
      const section = sections + index * 40;
      const address = bytes.readUInt32LE(section + 12);
      const size = Math.max(bytes.readUInt32LE(section + 8), bytes.readUInt32LE(section + 16));
      if (rva >= address && rva < address + size) return rva - address + bytes.readUInt32LE(section + 20);
    }
    return -1;
  };
  const root = offsetOf(resourceRva);
  /** The entries of the resource directory at `offset` (relative to the table): each id or name, and target. */
  const entries = (offset: number): { id: number | string; target: number; directory: boolean }[] => {
    const directory = root + offset;
    const count = bytes.readUInt16LE(directory + 12) + bytes.readUInt16LE(directory + 14);
    return Array.from({ length: count }, (_, index) => {
      const entry = directory + 16 + index * 8;
      const name = bytes.readUInt32LE(entry);
      const target = bytes.readUInt32LE(entry + 4);
      const id =
        name & 0x80000000
          ? bytes.toString(
              "utf16le",
              root + (name & 0x7fffffff) + 2,
              root + (name & 0x7fffffff) + 2 + 2 * bytes.readUInt16LE(root + (name & 0x7fffffff)),
            )
          : name;
      return { id, target: target & 0x7fffffff, directory: (target & 0x80000000) !== 0 };
    });
  };
  let seaBlob = false;
  if (root >= 0) {
    const rcdata = entries(0).find((entry) => entry.id === 10 /* RT_RCDATA */ && entry.directory);
    const named = rcdata && entries(rcdata.target).find((entry) => entry.id === "NODE_SEA_BLOB" && entry.directory);
    const language = named && entries(named.target).find((entry) => !entry.directory);
    if (language !== undefined) seaBlob = blobAt(bytes, offsetOf(bytes.readUInt32LE(root + language.target)));
  }
  return { format: "PE", arch, seaBlob, fuseFlipped: bytes.includes(flippedFuse) };
}

/**
 * Reads the executable at `file`.
 * @throws when it is none of the three formats, naming its first bytes.
 */
export function readExecutableFormat(file: string): ExecutableFormat {
  const bytes = readFileSync(file);
  if (bytes.length >= 64 && bytes.readUInt32BE(0) === 0x7f454c46) return elf(bytes);
  if (bytes.length >= 32 && bytes.readUInt32LE(0) === 0xfeedfacf) return machO(bytes);
  if (bytes.length >= 64 && bytes.toString("latin1", 0, 2) === "MZ") return pe(bytes);
  throw new Error(
    `${file} is no 64-bit ELF, Mach-O or PE executable (it starts ${bytes.subarray(0, 4).toString("hex")})`,
  );
}
