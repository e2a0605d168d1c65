import type { PimActivation, PimPhase, PimRequest, PimTarget } from "../model/pim-request.js";
import { formatInstant } from "../time/format-instant.js";
import { formatTimeLeft } from "../time/format-time-left.js";

/** The requester's reading context: now, their time zone. */
export interface PimNoticeContext {
  readonly now: Date;
  readonly timeZone: string;
}

/** When the granted access actually runs (read from Entra's activation), if known. */
export interface PimGrantedWindow {
  readonly start: Date;
  readonly end: Date | null;
}

/**
 * Template data for `adaptiveCards/pim-notice.json` telling the requester how their activation request
 * ended: approved (by whom, why, and until when the access runs), denied (by whom and why) or lapsed
 * without a decision. Null while it still waits, or when it was canceled (by the requester).
 */
export function pimOutcomeNoticeView(request: PimRequest, phase: PimPhase, window: PimGrantedWindow | null, context: PimNoticeContext): Record<string, unknown> | null {
  const at = (d: Date) => formatInstant(d, context.timeZone, "en-GB", { now: context.now });
  const what = describeForOwner(request.target);
  const facts: { title: string; value: string }[] = [];
  const notes: string[] = [];
  switch (phase.phase) {
    case "approved": {
      const ended = window?.end != null && window.end.getTime() <= context.now.getTime();
      if (window) {
        const starts = window.start.getTime() > context.now.getTime();
        facts.push({ title: starts ? "Starts" : "Active since", value: at(window.start) });
        if (window.end) facts.push({ title: ended ? "Ended" : "Until", value: ended ? at(window.end) : `${at(window.end)} (${formatTimeLeft(window.end.getTime() - context.now.getTime())} left)` });
      }
      if (!ended) notes.push("I'll remind you shortly before it ends.");
      return notice({
        title: `Your ${what.request} is approved`,
        titleColor: "Good",
        headline: phase.by ? `Approved by ${phase.by.displayName}${phase.at ? ` on ${at(phase.at)}` : ""}.` : "Approved in Entra.",
        facts,
        reasonLabel: "Their reason",
        reason: phase.reason ?? "",
        notes,
      });
    }
    case "denied":
      return notice({
        title: `Your request for ${what.access} was denied`,
        titleColor: "Attention",
        headline: phase.by ? `Denied by ${phase.by.displayName}${phase.at ? ` on ${at(phase.at)}` : ""}.` : "Denied in Entra.",
        facts,
        reasonLabel: "Their reason",
        reason: phase.reason ?? "",
        notes: ["Ask them if something is unclear, or ask again in PIM with more detail."],
      });
    case "timedOut":
      return notice({
        title: `Your request for ${what.access} expired`,
        titleColor: "Warning",
        headline: `Nobody approved it within Entra's 24 hours, so it lapsed ${at(phase.at)}.`,
        facts,
        reasonLabel: "",
        reason: "",
        notes: ["Ask again in PIM if you still need it."],
      });
    case "failed":
      return notice({
        title: `Your request for ${what.access} failed`,
        titleColor: "Attention",
        headline: "Entra couldn't activate it. Try again in PIM, or ask your admin if it keeps failing.",
        facts,
        reasonLabel: "",
        reason: "",
        notes: [],
      });
    default:
      return null;
  }
}

/**
 * Template data for `adaptiveCards/pim-notice.json` warning the holder that an activation ends soon
 * (or has ended, when read late), with the end in their own time zone.
 */
export function pimEndingSoonView(activation: PimActivation, context: PimNoticeContext): Record<string, unknown> {
  const at = (d: Date) => formatInstant(d, context.timeZone, "en-GB", { now: context.now });
  const what = describeForOwner(activation.target);
  const end = activation.end;
  const ended = end !== null && end.getTime() <= context.now.getTime();
  const headline = end === null ? "It has no end time set." : ended ? `It ended ${at(end)}.` : `It ends ${at(end)} (${formatTimeLeft(end.getTime() - context.now.getTime())} left).`;
  return notice({
    title: ended ? `Your ${what.active} has ended` : `Your ${what.active} ends soon`,
    titleColor: ended ? "Default" : "Warning",
    headline,
    facts: [],
    reasonLabel: "",
    reason: "",
    notes: ended ? ["Activate it again in PIM if you still need it."] : ["Finish or save what needs it; activate it again in PIM afterwards if you still need it."],
  });
}

function notice(data: { title: string; titleColor: string; headline: string; facts: { title: string; value: string }[]; reasonLabel: string; reason: string; notes: string[] }): Record<string, unknown> {
  return data;
}

/** Words for what a PIM request asks for, as its owner reads them. */
function describeForOwner(target: PimTarget): { request: string; access: string; active: string } {
  if (target.kind === "role") {
    const role = target.roleName || "Entra role";
    return { request: `${role} activation`, access: role, active: `${role} activation` };
  }
  const group = target.groupName || "the group";
  const access = target.accessId === "owner" ? `ownership of ${group}` : `membership of ${group}`;
  return { request: access, access, active: access };
}
