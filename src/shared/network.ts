// Reads the Network Information API's hints (pure; runs everywhere): is this connection metered or slow?

export interface NetworkInformationLike {
  saveData?: boolean;
  type?: string;
  effectiveType?: string;
}

/** True when the connection is cellular, in data-saving mode, or slow (2G/3G class). */
export function connectionLooksMetered(connection: NetworkInformationLike | undefined): boolean {
  if (!connection) return false;
  return (
    Boolean(connection.saveData) ||
    connection.type === 'cellular' ||
    ['slow-2g', '2g', '3g'].includes(connection.effectiveType ?? '')
  );
}
