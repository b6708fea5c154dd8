/** Offers text or a data URL to the user as a file download. */
export function download(filename: string, content: string, type: string): void {
  const href = content.startsWith('data:') ? content : URL.createObjectURL(new Blob([content], { type }));
  const link = document.createElement('a');
  link.href = href;
  link.download = filename;
  link.click();
  if (!content.startsWith('data:')) setTimeout(() => URL.revokeObjectURL(href), 1000);
}
