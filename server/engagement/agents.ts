/**
 * How many agents can take an engagement now: the pacing input of the policy. The agent console and
 * the demo toggle set it; a contact-centre integration would feed it from its own presence data.
 */
export interface AgentAvailability {
  available(): number;
  set(count: number): void;
}

export function createAgentAvailability(initial: number): AgentAvailability {
  let count = initial;
  return {
    available: () => count,
    set: (next) => {
      count = next;
    },
  };
}
