// The `tasks` world (tasks.wit) in TypeScript. The shapes below are how componentize-js hands WIT
// values to JavaScript and takes them back:
//   record → object (lowerCamelCase fields)    enum → case name     flags → { label: boolean }
//   variant → { tag, val? }                     option<T> → T | undefined
//   result<T, E> as a return value → return T, or throw E
//   tuple → array    list<u8> → Uint8Array     u64 → bigint         char → one-character string

type Priority = 'low' | 'normal' | 'high' | 'urgent';
type Unit = 'days' | 'weeks';

interface Labels {
  work: boolean;
  home: boolean;
  errand: boolean;
  waiting: boolean;
}

interface Date {
  year: number;
  month: number;
  day: number;
}

type Schedule = { tag: 'someday' } | { tag: 'on'; val: Date } | { tag: 'every'; val: [number, Unit] };

interface Task {
  id: number;
  title: string;
  priority: Priority;
  labels: Labels;
  schedule: Schedule;
  estimate?: number;
  checklist: string[];
}

type Problem = { tag: 'empty-title' } | { tag: 'too-long'; val: number } | { tag: 'bad-date'; val: Date };

const MAX_TITLE = 80;
const rank: Record<Priority, number> = { urgent: 0, high: 1, normal: 2, low: 3 };

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysIn(year: number, month: number): number {
  return [31, isLeap(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
}

function exists(d: Date): boolean {
  return d.month >= 1 && d.month <= 12 && d.day >= 1 && d.day <= daysIn(d.year, d.month);
}

/** Days since 0000-03-01 (a proleptic Gregorian day number). */
function dayNumber(d: Date): number {
  const y = d.month <= 2 ? d.year - 1 : d.year;
  const m = d.month <= 2 ? d.month + 9 : d.month - 3;
  return 365 * y + Math.floor(y / 4) - Math.floor(y / 100) + Math.floor(y / 400) + Math.floor((153 * m + 2) / 5) + d.day - 1;
}

function fromDayNumber(n: number): Date {
  let y = Math.floor((10000 * n + 14780) / 3652425);
  let ddd = n - (365 * y + Math.floor(y / 4) - Math.floor(y / 100) + Math.floor(y / 400));
  if (ddd < 0) {
    y -= 1;
    ddd = n - (365 * y + Math.floor(y / 4) - Math.floor(y / 100) + Math.floor(y / 400));
  }
  const mi = Math.floor((100 * ddd + 52) / 3060);
  const month = ((mi + 2) % 12) + 1;
  const year = y + Math.floor((mi + 2) / 12);
  const day = ddd - Math.floor((mi * 306 + 5) / 10) + 1;
  return { year, month, day };
}

export const planner = {
  create(id: number, title: string, priority: Priority, labels: Labels, schedule: Schedule): Task {
    const trimmed = title.trim();
    if (trimmed === '') throw { tag: 'empty-title' } satisfies Problem;
    if ([...trimmed].length > MAX_TITLE) throw { tag: 'too-long', val: MAX_TITLE } satisfies Problem;
    if (schedule.tag === 'on' && !exists(schedule.val)) throw { tag: 'bad-date', val: schedule.val } satisfies Problem;
    return { id, title: trimmed, priority, labels, schedule, estimate: undefined, checklist: [] };
  },

  sortTasks(tasks: Task[]): Task[] {
    return [...tasks].sort((a, b) => rank[a.priority] - rank[b.priority] || (a.title < b.title ? -1 : a.title > b.title ? 1 : 0));
  },

  findLabelled(tasks: Task[], wanted: Labels): Task | undefined {
    const keys = (Object.keys(wanted) as (keyof Labels)[]).filter((k) => wanted[k]);
    return tasks.find((t) => keys.every((k) => t.labels[k]));
  },

  tally(tasks: Task[]): [number, number, number, number] {
    const counts: [number, number, number, number] = [0, 0, 0, 0];
    for (const t of tasks) counts[['low', 'normal', 'high', 'urgent'].indexOf(t.priority)]++;
    return counts;
  },

  parseDate(text: string): Date {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
    if (!m) throw `expected YYYY-MM-DD, got ${JSON.stringify(text)}`;
    const date = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
    if (!exists(date)) throw `${text} is not a date`;
    return date;
  },

  advance(start: Date, count: number, unit: Unit): Date {
    return fromDayNumber(dayNumber(start) + count * (unit === 'weeks' ? 7 : 1));
  },

  totalHours(tasks: Task[]): number {
    return tasks.reduce((sum, t) => sum + (t.estimate ?? 0), 0);
  },

  initials(tasks: Task[]): string[] {
    return tasks.map((t) => ([...t.title][0] ?? '?').toUpperCase());
  },

  checksum(data: Uint8Array): bigint {
    let hash = 0xcbf29ce484222325n;
    for (const byte of data) hash = ((hash ^ BigInt(byte)) * 0x100000001b3n) & 0xffffffffffffffffn;
    return hash;
  },

  daysBetween(start: Date, end: Date): number | undefined {
    if (!exists(start) || !exists(end)) return undefined;
    return dayNumber(end) - dayNumber(start);
  },
};
