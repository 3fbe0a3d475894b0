// placeholder replaced in issue C
export function activate(): void {}
export function deactivate(): void {}
