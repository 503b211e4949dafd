import type { GmsChatMessage } from './gms.ts';

// Chat API v2's file transfer in GMS's own names, without zod: the browser's chat and Beckon's
// GMS-compatible service read and write them through these, and nowhere else.

/** A chat's file limits and what the visitor has used of them (`POST …/file/limits`). */
export interface FileLimits {
  maxFiles: number;
  maxFileSize: number;
  maxTotalSize: number;
  /** Extensions, lower case, without the dot. */
  fileTypes: string[];
  downloadAttempts: number;
  /** Files only once an agent has joined. */
  needAgent: boolean;
  usedFiles: number;
  usedTotalSize: number;
  usedDownloads: number;
}

const NAMES = {
  maxFiles: 'upload-max-files',
  maxFileSize: 'upload-max-file-size',
  maxTotalSize: 'upload-max-total-size',
  downloadAttempts: 'download-attempts',
  usedFiles: 'used-upload-max-files',
  usedTotalSize: 'used-upload-max-total-size',
  usedDownloads: 'used-download-attempts',
} as const;

/** The limits as GMS sends them: every value a string, the types joined by colons. */
export function limitsToUserData(limits: FileLimits): Record<string, string> {
  const data: Record<string, string> = {
    'upload-file-types': limits.fileTypes.join(':'),
    'upload-need-agent': String(limits.needAgent),
  };
  for (const [key, name] of Object.entries(NAMES))
    data[name] = String(limits[key as keyof typeof NAMES]);
  return data;
}

/** The limits from GMS's `userData`; null when a number is missing, so no upload is offered. */
export function limitsFromUserData(data: Record<string, string> | undefined): FileLimits | null {
  if (!data) return null;
  const numbers: Partial<Record<keyof typeof NAMES, number>> = {};
  for (const [key, name] of Object.entries(NAMES)) {
    const value = Number(data[name] ?? '0');
    if (!Number.isFinite(value) || value < 0) return null;
    numbers[key as keyof typeof NAMES] = value;
  }
  if (!numbers.maxFiles || !numbers.maxFileSize) return null;
  return {
    ...(numbers as Record<keyof typeof NAMES, number>),
    fileTypes: (data['upload-file-types'] ?? '')
      .split(':')
      .map((type) => type.trim().toLowerCase())
      .filter(Boolean),
    needAgent: data['upload-need-agent'] === 'true',
  };
}

/** A file a transcript entry shares, as `FileUploaded` carries it in its `userData`. */
export interface SharedFile {
  id: string;
  name: string;
  size: number;
  type: string;
  description: string;
}

export const fileUserData = (file: SharedFile): Record<string, string> => ({
  'file-id': file.id,
  'file-name': file.name,
  'file-size': String(file.size),
  'file-type': file.type,
  ...(file.description ? { 'file-description': file.description } : {}),
});

/** The file a `FileUploaded` entry shares; null for any other entry, or one without an id. */
export function sharedFile(message: GmsChatMessage): SharedFile | null {
  const data = message.userData;
  const id = data?.['file-id'];
  if (message.type !== 'FileUploaded' || !data || !id) return null;
  return {
    id,
    name: data['file-name'] || 'file',
    size: Number(data['file-size']) || 0,
    type: data['file-type'] ?? '',
    description: data['file-description'] ?? '',
  };
}

/** Lower-case extension of a file name, without the dot; '' when it has none. */
export const extensionOf = (name: string) => /\.([^.]+)$/.exec(name)?.[1]?.toLowerCase() ?? '';

/**
 * Why the visitor may not send this file under these limits, or null when they may. The service
 * checks again; this saves the visitor an upload bound to be refused.
 */
export function fileRefusal(
  file: { name: string; size: number },
  limits: FileLimits,
  agentJoined: boolean,
): string | null {
  if (limits.needAgent && !agentJoined) return 'You can send files once an agent has joined.';
  if (limits.usedFiles >= limits.maxFiles)
    return `You have sent ${limits.maxFiles} files, as many as this chat takes.`;
  if (limits.fileTypes.length && !limits.fileTypes.includes(extensionOf(file.name)))
    return `${file.name} is not a type this chat takes (${limits.fileTypes.join(', ')}).`;
  if (file.size === 0) return `${file.name} is empty.`;
  if (file.size > limits.maxFileSize)
    return `${file.name} is larger than ${formatSize(limits.maxFileSize)}.`;
  if (limits.usedTotalSize + file.size > limits.maxTotalSize)
    return `${file.name} would take this chat past ${formatSize(limits.maxTotalSize)} of files.`;
  return null;
}

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MB`;
}
