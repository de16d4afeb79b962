/** One Dockerfile instruction: its keyword upper-cased, its arguments as written (continuations joined). */
export interface Instruction {
  keyword: string;
  args: string;
}

/** A build stage: the image or stage it starts `FROM`, its `AS` name, and its instructions after `FROM`. */
export interface Stage {
  from: string;
  name: string | undefined;
  instructions: Instruction[];
}

/** Enough of Dockerfile syntax for checking our own: comments, `\` continuations, `FROM … AS name`. */
export function parseDockerfile(text: string): Stage[] {
  const logicalLines = text
    .split('\n')
    .filter((line) => !/^\s*#/.test(line))
    .join('\n')
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  const stages: Stage[] = [];
  for (const line of logicalLines) {
    const [, keyword, args] = /^(\S+)\s*(.*)$/.exec(line)!;
    if (keyword.toUpperCase() === 'FROM') {
      const [from, as, name] = args.split(/\s+/);
      stages.push({ from, name: as?.toUpperCase() === 'AS' ? name : undefined, instructions: [] });
    } else {
      if (stages.length === 0) throw new Error(`${keyword} before the first FROM`);
      stages.at(-1)!.instructions.push({ keyword: keyword.toUpperCase(), args: args.replace(/\s+/g, ' ') });
    }
  }
  return stages;
}

/** The stages `stage` builds on, from the one on an image down to `stage` itself. */
export function lineage(stages: Stage[], stage: Stage): Stage[] {
  const parent = stages.find((candidate) => candidate.name === stage.from && candidate !== stage);
  return parent ? [...lineage(stages, parent), stage] : [stage];
}

/** The arguments of every `keyword` instruction of a stage. */
export function argsOf(stage: Stage, keyword: string): string[] {
  return stage.instructions.filter((instruction) => instruction.keyword === keyword).map((instruction) => instruction.args);
}

/** `ENV` settings of a stage, in either form (`ENV A=1 B=2` or `ENV A 1`), values without spaces; later ones win. */
export function envOf(stage: Stage): Map<string, string> {
  const env = new Map<string, string>();
  for (const args of argsOf(stage, 'ENV')) {
    if (!args.includes('=')) {
      const [name, ...value] = args.split(' ');
      env.set(name, value.join(' '));
      continue;
    }
    for (const pair of args.split(' ')) {
      const [name, value] = pair.split('=');
      env.set(name, value.replace(/^"(.*)"$/, '$1'));
    }
  }
  return env;
}
