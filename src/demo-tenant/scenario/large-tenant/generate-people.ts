import type { UserRecord } from "../../state/model.js";
import type { ScenarioContext } from "../scenario-context.js";
import { DIVISIONS, GIVEN_NAMES, MANAGER_TITLES, SURNAMES, type Office } from "./large-tenant-names.js";
import { ID_KIND, scaleId, type SeededRandom } from "./seeded-random.js";

const DAY = 86_400_000;

/** What later steps need to know about the generated people, kept in flat arrays to stay lean. */
export interface GeneratedPeople {
  ids: string[];
  /** Index (into `ids`) of each person's manager; -1 for division heads (they report to a Contoso executive) and guests. */
  managerIndex: Int32Array;
  /** Direct reports by manager index. */
  reports: Map<number, number[]>;
  /** 1 for people who can hold access (enabled members), 0 for disabled accounts and guests. */
  active: Uint8Array;
  displayNames: string[];
}

/**
 * Generates `count` people under the Contoso executives: one head per division, then a breadth-first
 * org chart where each manager has 2 to 7 direct reports (a bit more than one person in five manages,
 * enough managers for 10,000 reviewers at 50,000 people), teams mostly in their manager's office, some
 * accounts disabled, some guests, and some not signed in for months.
 */
export function generatePeople(ctx: ScenarioContext, random: SeededRandom, count: number): GeneratedPeople {
  const managerIndex = new Int32Array(count).fill(-1);
  const depth = new Uint8Array(count);
  const division = new Uint8Array(count);
  const office: Office[] = new Array(count);
  const reports = new Map<number, number[]>();

  // The org chart first (who reports to whom), so titles can tell managers from individual contributors.
  const heads = Math.min(count, DIVISIONS.length);
  for (let i = 0; i < heads; i++) {
    division[i] = i;
    office[i] = DIVISIONS[i]!.offices[0]!;
  }
  let next = heads;
  for (let m = 0; next < count && m < next; m++) {
    const span = random.between(2, 7);
    for (let k = 0; k < span && next < count; k++, next++) {
      managerIndex[next] = m;
      depth[next] = Math.min(depth[m]! + 1, 255);
      division[next] = division[m]!;
      const offices = DIVISIONS[division[m]!]!.offices;
      office[next] = random.chance(0.8) ? office[m]! : random.pick(offices);
      let team = reports.get(m);
      if (!team) reports.set(m, (team = []));
      team.push(next);
    }
  }

  // Guests are picked among people without reports: a guest has a sponsor instead of a place in the org chart.
  const guest = new Uint8Array(count);
  const sponsorIndex = new Int32Array(count).fill(-1);
  for (let i = heads; i < count; i++) {
    if (reports.has(i) || !random.chance(0.01)) continue;
    guest[i] = 1;
    sponsorIndex[i] = managerIndex[i]!;
    const team = reports.get(managerIndex[i]!)!;
    team.splice(team.indexOf(i), 1);
    if (team.length === 0) reports.delete(managerIndex[i]!);
    managerIndex[i] = -1;
  }

  const domain = ctx.state.settings.defaultDomain;
  const now = ctx.now.getTime();
  const upnsTaken = new Map<string, number>();
  const ids: string[] = new Array(count);
  const displayNames: string[] = new Array(count);
  const active = new Uint8Array(count);

  for (let i = 0; i < count; i++) {
    const id = scaleId(ID_KIND.user, i + 1);
    ids[i] = id;
    const given = random.pick(GIVEN_NAMES);
    const surname = random.pick(SURNAMES);
    const base = `${given}.${surname}`.toLowerCase();
    const seen = (upnsTaken.get(base) ?? 0) + 1;
    upnsTaken.set(base, seen);
    const alias = seen === 1 ? base : `${base}${seen}`;
    const div = DIVISIONS[division[i]!]!;
    const isManager = reports.has(i);
    const isGuest = guest[i] === 1;
    const enabled = !random.chance(0.01);
    const signIn = lastSignIn(random, now);
    const managerId = isGuest ? null : managerIndex[i]! >= 0 ? ids[managerIndex[i]!]! : executiveId(ctx, div.executive);
    const upn = isGuest ? `${alias}_partner.example.org#EXT#@${domain}` : `${alias}@${domain}`;
    displayNames[i] = `${given} ${surname}`;
    active[i] = enabled && !isGuest ? 1 : 0;
    ctx.state.users.insert(
      buildUser({
        id,
        given,
        surname,
        upn,
        mail: isGuest ? `${alias}@partner.example.org` : upn,
        jobTitle: isManager ? `${MANAGER_TITLES[Math.min(depth[i]!, MANAGER_TITLES.length - 1)]}, ${div.department}` : random.pick(div.roles),
        department: isGuest ? null : div.department,
        office: office[i]!,
        enabled,
        guest: isGuest,
        managerId,
        // A guest's sponsor is the person who would have managed them.
        sponsorId: isGuest ? scaleId(ID_KIND.user, sponsorIndex[i]! + 1) : null,
        lastSignIn: signIn === null ? null : new Date(signIn).toISOString(),
        created: new Date(now - random.between(30, 5 * 365) * DAY).toISOString(),
      }),
    );
  }
  return { ids, managerIndex, reports, active, displayNames };
}

/** Most people signed in within days; some not for one to three months, some not for a year, a few never. */
function lastSignIn(random: SeededRandom, now: number): number | null {
  const roll = random.next();
  if (roll < 0.02) return null;
  if (roll < 0.08) return now - random.between(90, 400) * DAY;
  if (roll < 0.15) return now - random.between(30, 89) * DAY;
  return now - random.int(14 * DAY);
}

function executiveId(ctx: ScenarioContext, alias: string): string | null {
  return ctx.userAliases.get(alias) ?? null;
}

interface UserSeed {
  id: string;
  given: string;
  surname: string;
  upn: string;
  mail: string;
  jobTitle: string;
  department: string | null;
  office: Office;
  enabled: boolean;
  guest: boolean;
  managerId: string | null;
  sponsorId: string | null;
  lastSignIn: string | null;
  created: string;
}

function buildUser(u: UserSeed): UserRecord {
  return {
    id: u.id,
    displayName: `${u.given} ${u.surname}`,
    givenName: u.given,
    surname: u.surname,
    mail: u.mail,
    userPrincipalName: u.upn,
    jobTitle: u.jobTitle,
    department: u.department,
    officeLocation: u.guest ? null : u.office.name,
    accountEnabled: u.enabled,
    userType: u.guest ? "Guest" : "Member",
    usageLocation: u.office.usageLocation,
    preferredLanguage: "en-US",
    managerId: u.managerId,
    sponsorIds: u.sponsorId ? [u.sponsorId] : [],
    mailboxSettings: {
      timeZone: u.office.timeZone,
      automaticRepliesSetting: {
        status: "disabled",
        externalAudience: "none",
        internalReplyMessage: "",
        externalReplyMessage: "",
        scheduledStartDateTime: null,
        scheduledEndDateTime: null,
      },
      workingHours: {
        daysOfWeek: ["monday", "tuesday", "wednesday", "thursday", "friday"],
        startTime: "09:00:00.0000000",
        endTime: "17:00:00.0000000",
        timeZone: { name: u.office.timeZone },
      },
      language: { locale: "en-US", displayName: "English (United States)" },
      dateFormat: "M/d/yyyy",
      timeFormat: "h:mm tt",
    },
    lastSignInDateTime: u.lastSignIn,
    createdDateTime: u.created,
  };
}
