export function registerHandlers(): void {}
