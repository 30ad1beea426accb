module github.com/itsmkit/itsm

go 1.26

require (
	github.com/google/go-cmp v0.7.0
	github.com/rickar/cal/v2 v2.1.13
	sigs.k8s.io/yaml v1.6.0
)

require (
	github.com/looplab/fsm v1.0.3 // indirect
	go.yaml.in/yaml/v2 v2.4.2 // indirect
)
