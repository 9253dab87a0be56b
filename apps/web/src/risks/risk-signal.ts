/** The one-line "why is this a risk" of a risk row, from what its incident detail carries. */
import type { IncidentDetail } from '@faultline/contracts';

const number = (n: number): string => n.toLocaleString('en-US', { maximumFractionDigits: 1 });

/**
 * What the risk's signal was: the KPI drop if a watch measured one, then the rules that matched and their
 * evidence (from the level explanation), else the incident's title.
 */
export function riskSignal(incident: Pick<IncidentDetail, 'title' | 'facts' | 'levelExplanation'>): string {
  const parts: string[] = [];
  const drop = incident.facts?.kpiDrop;
  if (drop) parts.push(`KPI down ${number(drop.percent)} % over ${number(drop.windowMinutes)} min`);
  for (const explanation of incident.levelExplanation) {
    parts.push(
      explanation.evidence.length > 0 ? `${explanation.rule}: ${explanation.evidence.join(', ')}` : explanation.rule,
    );
  }
  return parts.length > 0 ? parts.join(' · ') : incident.title;
}
