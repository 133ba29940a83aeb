// Placeholder so the CDK app can bundle every function while the capability is being built.
export const handler = (): Promise<never> => Promise.reject(new Error('not implemented yet'));
