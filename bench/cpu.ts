/**
 * CPU time per process while a CLI command runs: this process (where the Automation API runs an inline
 * program), the Pulumi CLI (the engine) and the plugins it starts (the providers). Wall times on a shared
 * machine carry the other users' load; CPU seconds mostly do not, so the report shows both.
 */
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

/** CPU seconds (user + system) each part spent. */
export interface CpuSeconds {
  /** This process: the inline program, the Automation API around it and the sampling itself. */
  readonly program: number;
  /** The `pulumi` processes: the engine. */
  readonly engine: number;
  /** Every other process under the CLI: the provider plugins (for a dynamic provider, `sh` and `node`). */
  readonly provider: number;
}

/** A running watch; {@link CpuWatch.stop} answers what each part spent since it started. */
export interface CpuWatch {
  /** Takes a last sample, stops, and answers the seconds. */
  stop(): CpuSeconds;
}

/**
 * How often the process tree is sampled, in milliseconds. A process's CPU is read from /proc while it
 * lives, so what it spends after the last sample before it exits (at most this long) is not counted.
 */
const SAMPLE_EVERY_MS = 100;

let ticksPerSecond: number | undefined;

/** The kernel's clock ticks a second, the unit of /proc/<pid>/stat's times (`getconf CLK_TCK`, 100 on Linux). */
function clockTicks(): number {
  ticksPerSecond ??= Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  return ticksPerSecond;
}

/** One process as /proc/<pid>/stat describes it. */
interface ProcessSample {
  /** Its command name (`pulumi`, `node`, `sh`). */
  readonly command: string;
  /** When it started, in ticks since boot: with the pid, names the process even if the pid is reused. */
  readonly startTicks: string;
  /** User plus system CPU so far, in ticks. */
  readonly cpuTicks: number;
}

function readProcess(pid: number): ProcessSample | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return undefined; // It exited between the listing and the read.
  }
  // The command is in parentheses and may hold spaces; the numbered fields follow its closing one.
  const close = stat.lastIndexOf(")");
  const command = stat.slice(stat.indexOf("(") + 1, close);
  const fields = stat.slice(close + 2).split(" ");
  // Fields 14 (utime), 15 (stime) and 22 (starttime) of proc(5); `fields` starts at field 3.
  return { command, cpuTicks: Number(fields[11]) + Number(fields[12]), startTicks: fields[19] };
}

/** The pids of every process under `pid`, through /proc/<pid>/task/<tid>/children. */
function descendants(pid: number): number[] {
  const found: number[] = [];
  const pending = [pid];
  while (pending.length > 0) {
    const parent = pending.pop() as number;
    let tasks: string[];
    try {
      tasks = readdirSync(`/proc/${parent}/task`);
    } catch {
      continue;
    }
    for (const task of tasks) {
      let children: string;
      try {
        children = readFileSync(`/proc/${parent}/task/${task}/children`, "utf8");
      } catch {
        continue;
      }
      for (const child of children.split(" ").filter((text) => text !== "")) {
        found.push(Number(child));
        pending.push(Number(child));
      }
    }
  }
  return found;
}

/**
 * Starts sampling this process's descendants (Linux only: it reads /proc). Processes that were already
 * running count only what they spend from now on.
 */
export function watchCpu(): CpuWatch {
  const programAtStart = process.cpuUsage();
  const atStart = new Map<string, number>();
  const latest = new Map<string, { command: string; cpuTicks: number }>();
  const sample = (): void => {
    for (const pid of descendants(process.pid)) {
      const found = readProcess(pid);
      if (found) latest.set(`${pid}@${found.startTicks}`, found);
    }
  };
  sample();
  for (const [key, found] of latest) atStart.set(key, found.cpuTicks);
  const timer = setInterval(sample, SAMPLE_EVERY_MS);
  return {
    stop: () => {
      clearInterval(timer);
      sample();
      const program = process.cpuUsage(programAtStart);
      let engineTicks = 0;
      let providerTicks = 0;
      for (const [key, found] of latest) {
        const spent = found.cpuTicks - (atStart.get(key) ?? 0);
        if (found.command === "pulumi") engineTicks += spent;
        else providerTicks += spent;
      }
      return {
        program: (program.user + program.system) / 1e6,
        engine: engineTicks / clockTicks(),
        provider: providerTicks / clockTicks(),
      };
    },
  };
}
