/** The notebook code that connects a Dask client to a scheduler (what "insert client code" inserts). */
export function clientCode(schedulerAddress: string): string {
  return `from dask.distributed import Client\nclient = Client(${JSON.stringify(schedulerAddress)})`;
}
