/** The projector link's token, kept by the trainer's browser that created the session. */
export function saveProjectorToken(sessionId: string, token: string): void {
  localStorage.setItem(`samenspel.projector.${sessionId}`, token);
}

export function loadProjectorToken(sessionId: string): string | null {
  return localStorage.getItem(`samenspel.projector.${sessionId}`);
}
