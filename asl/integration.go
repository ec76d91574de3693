package asl

import (
	"slices"
	"strings"
)

// optimizedActions returns, for a service whose optimized integrations
// (arn:<partition>:states:::<service>:<action>) have a closed set of
// actions, the actions Step Functions recognizes; nil for other services,
// which are not checked. AWS rejects any other action of these services
// when the state machine is created: the generic aws-sdk integration
// (arn:aws:states:::aws-sdk:<service>:<action>) calls the rest of a
// service's API.
func optimizedActions(service string) []string {
	switch service {
	case "apigateway", "http", "lambda":
		return []string{"invoke"}
	case "batch":
		return []string{"submitJob"}
	case "dynamodb":
		return []string{"getItem", "putItem", "updateItem", "deleteItem"}
	case "ecs":
		return []string{"runTask"}
	case "events":
		return []string{"putEvents"}
	case "glue":
		return []string{"startJobRun"}
	case "sns":
		return []string{"publish"}
	case "sqs":
		return []string{"sendMessage"}
	case "states":
		return []string{"startExecution"}
	}
	return nil
}

// trimPattern removes the suffix that selects a service integration
// pattern (.sync, .sync:2, .waitForTaskToken) from an action.
func trimPattern(action string) string {
	for _, p := range [...]string{".sync:2", ".sync", ".waitForTaskToken"} {
		if a, cut := strings.CutSuffix(action, p); cut {
			return a
		}
	}
	return action
}

// taskResource is a Task state's Resource, split into what the checks need.
type taskResource struct {
	// service and action are set for an optimized or aws-sdk integration
	// (arn:<partition>:states:::<service>:<action>[.<pattern>]); for the
	// aws-sdk integration service is "aws-sdk" and action "<svc>:<api>".
	service, action string
	// activity is true for an activity ARN
	// (arn:<partition>:states:<region>:<account>:activity:<name>).
	activity bool
}

// parseTaskResource classifies a Resource ARN. ok is false when s is not a
// Step Functions ARN (a Lambda function ARN, for instance).
func parseTaskResource(s string) (r taskResource, ok bool) {
	// arn:partition:states:region:account:rest
	parts := strings.SplitN(s, ":", 6)
	if len(parts) < 6 || parts[0] != "arn" || parts[2] != "states" {
		return taskResource{}, false
	}
	if parts[3] == "" && parts[4] == "" {
		service, action, _ := strings.Cut(parts[5], ":")
		return taskResource{service: service, action: trimPattern(action)}, true
	}
	return taskResource{activity: strings.HasPrefix(parts[5], "activity:")}, true
}

// checkIntegration reports an optimized integration whose action the
// service does not offer, such as arn:aws:states:::dynamodb:query.
func (p *parser) checkIntegration(r taskResource, resource, ptr string) {
	actions := optimizedActions(r.service)
	if actions == nil || slices.Contains(actions, r.action) {
		return
	}
	p.errorf(ptr, CodeResource, "the resource provided %s is not recognized: the optimized %s integration offers only %s (other APIs are called through arn:aws:states:::aws-sdk:<service>:<action>)",
		resource, r.service, strings.Join(actions, ", "))
}
