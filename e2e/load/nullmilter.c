/* The cheapest milter: negotiates like themisd (no events but MAIL/RCPT/DATA replies) and accepts
   every message at DATA. A baseline for the cost of the milter conversation itself. */
#include <libmilter/mfapi.h>
#include <stdio.h>
#include <stdlib.h>
static sfsistat xdata(SMFICTX *ctx) { return SMFIS_ACCEPT; }
static sfsistat xneg(SMFICTX *ctx, unsigned long f0, unsigned long f1, unsigned long f2, unsigned long f3,
                     unsigned long *pf0, unsigned long *pf1, unsigned long *pf2, unsigned long *pf3) {
  *pf0 = 0;
  *pf1 = SMFIP_NOCONNECT | SMFIP_NOHELO | SMFIP_NOMAIL | SMFIP_NORCPT | SMFIP_NOHDRS | SMFIP_NOEOH | SMFIP_NOBODY | SMFIP_NOUNKNOWN;
  *pf2 = 0; *pf3 = 0;
  return SMFIS_CONTINUE;
}
int main(int argc, char **argv) {
  struct smfiDesc d = { "null", SMFI_VERSION, 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, xdata, xneg };
  smfi_setconn(argv[1]);
  if (smfi_register(d) == MI_FAILURE) { fprintf(stderr, "register failed\n"); return 1; }
  return smfi_main();
}
