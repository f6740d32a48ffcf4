/** The service catalog shown on the home screen (the flows as data arrive with the service issue). */
export interface CatalogEntry {
  id: string;
  icon: string;
  needs: ('idcard-reader' | 'scanner' | 'receipt-printer')[];
}

export const CATALOG: CatalogEntry[] = [{ id: 'id-check', icon: 'idcard', needs: ['idcard-reader'] }];
